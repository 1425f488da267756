import * as fs from "fs";
import * as path from "path";

/** The package's root folder, whether this runs from the sources (ts-node) or from build/. */
export const PACKAGE_ROOT = (() => {
    let dir = __dirname;
    while (!fs.existsSync(path.join(dir, "package.json")) && path.dirname(dir) !== dir) dir = path.dirname(dir);
    return dir;
})();

export const PACKAGE_VERSION: string = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, "package.json"), "utf8")).version;
