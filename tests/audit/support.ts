import { GetBucketLoggingCommand, GetBucketPolicyCommand, ListBucketsCommand, S3Client } from "@aws-sdk/client-s3";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { DEFAULT_NAMING } from "../../engine";
import { AuditOptions } from "../../audit/audit";
import { AwsClients, AwsOptions } from "../../aws/clients";
import { run } from "../../cli/main";
import { DUMMY_CREDENTIALS, MANAGEMENT_ACCOUNT } from "../../demo/seedOrganization";
import { startMoto, Moto } from "../../emulator/moto";

/** An Io that keeps what a command prints, for in-process CLI runs. */
export function capture(endpoint?: string) {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), endpoint, credentials: DUMMY_CREDENTIALS, progress: false } };
}

/** Runs the CLI in-process against `endpoint`; resolves with the exit code and what it printed. */
export async function cli(endpoint: string | undefined, argv: string[]): Promise<{ code: number; out: string; err: string }> {
    const { out, err, io } = capture(endpoint);
    const code = await run(argv, io);
    return { code, out: out.join(""), err: err.join("") };
}

/** One moto for a test file, wiped before each test. */
export function useMoto(): { moto: () => Moto } {
    let moto: Moto;
    before(async function () {
        this.timeout(120_000); // the first run may install moto into .venv
        moto = await startMoto();
    });
    beforeEach(async () => moto.reset());
    after(async () => moto?.stop());
    return { moto: () => moto };
}

export function clientsFor(endpoint: string, mode: AwsOptions["mode"], extra: Partial<AwsOptions> = {}): AwsClients {
    return new AwsClients({ region: "us-east-1", endpoint, credentials: DUMMY_CREDENTIALS, roleName: "OrganizationAccountAccessRole", mode, ...extra });
}

export const AUDIT_OPTIONS: AuditOptions = {
    organization: true,
    scope: {},
    homeRegion: "us-east-1",
    exemptions: { patterns: [], tags: { "s3-access-logging:exempt": "true" }, patternSetting: "--exclude-buckets" },
    naming: DEFAULT_NAMING,
    concurrency: 8,
};

/** Every bucket's logging configuration and policy text, in every account: to compare states exactly. */
export async function snapshot(endpoint: string, accounts: string[]): Promise<Record<string, unknown>> {
    const sts = new STSClient({ endpoint, region: "us-east-1", credentials: DUMMY_CREDENTIALS });
    const state: Record<string, unknown> = {};
    for (const account of accounts) {
        const credentials = account === MANAGEMENT_ACCOUNT ? DUMMY_CREDENTIALS : await (async () => {
            const c = (await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/x`, RoleSessionName: "snapshot" }))).Credentials!;
            return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken };
        })();
        const s3 = new S3Client({ endpoint, region: "us-east-1", credentials, forcePathStyle: true, followRegionRedirects: true });
        for (const b of (await s3.send(new ListBucketsCommand({}))).Buckets ?? []) {
            const logging = (await s3.send(new GetBucketLoggingCommand({ Bucket: b.Name! }))).LoggingEnabled ?? null;
            const policy = await s3.send(new GetBucketPolicyCommand({ Bucket: b.Name! })).then((r) => r.Policy, (e) => e.name);
            state[`${account}/${b.Name}`] = { logging, policy };
        }
    }
    return state;
}
