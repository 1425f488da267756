import { strict as assert } from "assert";
import { exemptionOf, unknown } from "../../engine";

const exemptions = { patterns: ["tmp-*", "cdk-?-assets"], tags: { "s3-access-logging:exempt": "true", team: "*" }, patternSetting: "--exclude-buckets" };

describe("exemptions", () => {
    it("by name pattern, saying which setting and pattern", () => {
        assert.equal(exemptionOf("tmp-1", {}, exemptions), "matches --exclude-buckets tmp-*");
        assert.equal(exemptionOf("cdk-x-assets", undefined, exemptions), "matches --exclude-buckets cdk-?-assets");
        assert.equal(exemptionOf("cdk-xy-assets", {}, exemptions), undefined);
    });
    it("by tag, with an exact value or any value", () => {
        assert.equal(exemptionOf("a", { "s3-access-logging:exempt": "true" }, exemptions), "tagged s3-access-logging:exempt=true");
        assert.equal(exemptionOf("a", { "s3-access-logging:exempt": "false" }, exemptions), undefined);
        assert.equal(exemptionOf("a", { team: "web" }, exemptions), "tagged team=web");
    });
    it("unknown tags exempt nothing", () => {
        assert.equal(exemptionOf("a", unknown("GetBucketTagging: AccessDenied"), exemptions), undefined);
    });
});
