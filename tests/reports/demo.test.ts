import { strict as assert } from "assert";
import * as fs from "fs";
import { cli } from "../audit/support";

describe("demo writes the audit page", function () {
    this.timeout(180_000);

    it("prints the path of a page that holds the first audit", async () => {
        const { code, out } = await cli(undefined, ["demo"]);
        assert.equal(code, 0);
        const page = /The audit as a page \(open it in a browser\): (\S+\.html)/.exec(out)?.[1];
        assert.ok(page, out);
        const html = fs.readFileSync(page, "utf8");
        assert.match(html, /<title>S3 server access logging audit<\/title>/);
        const nonCompliant = /(\d+) non-compliant/.exec(out)![1];
        assert.match(html, new RegExp(`data-metric="nonCompliant"><b>${nonCompliant}</b>`));
        fs.rmSync(page);
    });
});
