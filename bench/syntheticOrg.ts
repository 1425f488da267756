import { BucketFacts, bucketFacts, logBucketName, DEFAULT_NAMING, logBucketPolicy, deliveryPrefix } from "../engine";

const REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2"];

/**
 * A synthetic organization's bucket facts: per account and Region one compliant log bucket,
 * and sources of which six in fifty have a defect (no logging, self target, wrong Region,
 * missing target, a cycle pair).
 */
export function syntheticFacts(buckets: number, perAccountRegion = 50): BucketFacts[] {
    const facts: BucketFacts[] = [];
    let account = 0;
    while (facts.length < buckets) {
        const accountId = String(100000000000 + account++);
        for (const region of REGIONS) {
            const logs = logBucketName(DEFAULT_NAMING, accountId, region);
            const prefix = deliveryPrefix(DEFAULT_NAMING, accountId, region);
            facts.push(bucketFacts({ name: logs, accountId, region, designatedLogBucket: true, policy: logBucketPolicy({ bucket: logs, region, prefix, sourceAccountId: accountId }) }));
            for (let i = 0; i < perAccountRegion - 1 && facts.length < buckets; i++) {
                const name = `app-${accountId}-${region}-${i}`;
                const defect = i % 50;
                const target = defect === 1 ? name : defect === 2 ? logBucketName(DEFAULT_NAMING, accountId, REGIONS[(REGIONS.indexOf(region) + 1) % 3])
                    : defect === 3 ? `deleted-${name}` : defect === 4 ? `app-${accountId}-${region}-${i + 1}` : defect === 5 ? `app-${accountId}-${region}-${i - 1}` : logs;
                facts.push(bucketFacts({
                    name, accountId, region,
                    logging: defect === 0 ? null : { targetBucket: target, targetPrefix: prefix, keyFormat: DEFAULT_NAMING.keyFormat },
                }));
                if (defect === 3) facts.push(bucketFacts({ name: target, accountId, region, exists: false, inScope: false }));
            }
        }
    }
    return facts;
}
