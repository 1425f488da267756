import * as fs from "fs";
import * as path from "path";
import { InputError } from "../engine/inputs";

/** Where a command writes, and how it reaches AWS: the process's streams, or a test's. */
export interface Io {
    stdout: (text: string) => void;
    stderr: (text: string) => void;
    /** Where the SDK connects; undefined = AWS (or AWS_ENDPOINT_URL). */
    endpoint?: string;
    credentials?: { accessKeyId: string; secretAccessKey: string };
    progress?: boolean;
}

export const processIo: Io = {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    progress: process.stderr.isTTY,
};

/**
 * Fails up front when `file` cannot be written (missing folder, a folder in its place, no
 * permission), so a long audit or remediation never ends in a lost result.
 */
export function checkWritable(file: string | undefined, flag: string): void {
    if (file === undefined) return;
    // An empty path (an unset shell variable) would mean stdout for --output and no file at all for --journal.
    if (file === "") throw new InputError(flag, "give a file path.");
    const dir = path.dirname(path.resolve(file));
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
        throw new InputError(flag, `cannot write ${file}: folder ${dir} does not exist; create it or choose another path.`);
    }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) {
        throw new InputError(flag, `cannot write ${file}: it is a folder; give a file path.`);
    }
    try {
        fs.accessSync(fs.existsSync(file) ? file : dir, fs.constants.W_OK);
    } catch {
        throw new InputError(flag, `cannot write ${file}: permission denied; choose a writable path.`);
    }
}

/** Whether two paths name one file (or folder): the same path, or, when both exist, the same inode (a link). */
export function sameFile(a: string, b: string): boolean {
    if (path.resolve(a) === path.resolve(b)) return true;
    if (!fs.existsSync(a) || !fs.existsSync(b)) return false;
    const [x, y] = [fs.statSync(a), fs.statSync(b)];
    return x.dev === y.dev && x.ino === y.ino;
}

/** Writes to `output` when given, to stdout otherwise. */
export function writeOutput(text: string, output: string | undefined, io: Io): void {
    if (output) fs.writeFileSync(output, text);
    else io.stdout(text);
}
