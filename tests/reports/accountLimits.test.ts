import { strict as assert } from "assert";
import { accountLimits, roundRobin } from "../../audit/accountLimits";
import { verifyDelivery } from "../../audit/verifyDelivery";
import { AwsClients } from "../../aws/clients";
import { bucketFacts, Evaluation } from "../../engine";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("per-account concurrency under a global cap", () => {
    it("never exceeds the global cap nor an account's own, and uses the cap", async () => {
        const limit = accountLimits({ concurrency: 4, accountConcurrency: 2 });
        let total = 0;
        let maxTotal = 0;
        const perAccount = new Map<string, number>();
        let maxPerAccount = 0;
        await Promise.all(["a", "b", "c"].flatMap((account) => Array.from({ length: 6 }, () => limit(account, async () => {
            total++;
            perAccount.set(account, (perAccount.get(account) ?? 0) + 1);
            maxTotal = Math.max(maxTotal, total);
            maxPerAccount = Math.max(maxPerAccount, perAccount.get(account)!);
            await sleep(5);
            total--;
            perAccount.set(account, perAccount.get(account)! - 1);
        }))));
        assert.equal(maxTotal, 4);
        assert.equal(maxPerAccount, 2);
    });

    it("an account with many buckets does not starve one queued after it", async () => {
        const limit = accountLimits({ concurrency: 4 });
        let bigDone = 0;
        let doneWhenSmallStarted = -1;
        const big = Array.from({ length: 100 }, () => limit("big", async () => {
            await sleep(1);
            bigDone++;
        }));
        const small = limit("small", async () => {
            doneWhenSmallStarted = bigDone;
        });
        await Promise.all([...big, small]);
        assert.ok(doneWhenSmallStarted >= 0 && doneWhenSmallStarted <= 4, `the small account started after ${doneWhenSmallStarted} of the big one's 100 calls`);
    });

    it("orders work account by account in turn", () => {
        const items = ["a1", "a2", "a3", "b1", "c1", "c2"].map((id) => ({ accountId: id[0], id }));
        assert.deepEqual(roundRobin(items).map((x) => x.id), ["a1", "b1", "c1", "a2", "c2", "a3"]);
    });
    it("the delivery check keeps to --account-concurrency in each account", async () => {
        const inFlight = new Map<string, number>();
        let most = 0;
        const clients = {
            s3: (account: string) => ({
                send: async () => {
                    inFlight.set(account, (inFlight.get(account) ?? 0) + 1);
                    most = Math.max(most, inFlight.get(account)!);
                    await sleep(5);
                    inFlight.set(account, inFlight.get(account)! - 1);
                    return { Contents: [{ Key: "k" }] };
                },
            }),
        } as unknown as AwsClients;
        const facts = Array.from({ length: 8 }, (_, i) => bucketFacts({
            name: `b${i}`, accountId: "111111111111", region: "us-east-1", logging: { targetBucket: "logs", targetPrefix: `p/b${i}/` },
        }));
        const evaluation = { statuses: new Map(facts.map((f) => [f.name, "compliant"])) } as unknown as Evaluation;
        const checked = await verifyDelivery(clients, facts, evaluation, 3_600_000, { concurrency: 8, accountConcurrency: 2 }, []);
        assert.ok(checked.every((f) => f.delivery !== undefined), "every bucket checked");
        assert.equal(most, 2);
    });
});
