import { strict as assert } from "assert";
import { cli } from "./support";

describe("permissions: ARNs in the partition the tool runs in", () => {
    it("--region cn-north-1 prints aws-cn ARNs, as the clients assume arn:aws-cn:iam::…:role/NAME there", async () => {
        const { code, out } = await cli(undefined, ["permissions", "--for", "audit", "--region", "cn-north-1"]);
        assert.equal(code, 0);
        const resources = JSON.parse(out).Statement.map((s: { Resource: string }) => s.Resource);
        assert.deepEqual(resources.filter((r: string) => r !== "*"), ["arn:aws-cn:iam::*:role/OrganizationAccountAccessRole", "arn:aws-cn:s3:::*"]);
    });
});
