import { strict as assert } from "assert";
import { BucketFacts, cannedAclGrants, evaluate, LOG_DELIVERY_GROUP, unknown } from "../../engine";
import { ACCOUNT, logBucket, rulesFiring, source, unevaluatedFor } from "./build";

describe("engine rules", () => {
    describe("logging-disabled", () => {
        it("Noncompliance 1: a bucket with no logging", () => {
            const findings = evaluate([source("app", null)]).findings;
            assert.deepEqual(findings.map((f) => f.ruleId), ["logging-disabled"]);
            assert.match(findings[0].message, /app has no server access logging/);
            assert.equal(findings[0].severity, "medium");
            assert.equal(findings[0].target, null);
        });
        it("Compliance: a designated log bucket without logging is exempt", () => {
            const ev = evaluate([logBucket("logs", { designatedLogBucket: true })]);
            assert.deepEqual(ev.findings, []);
            assert.equal(ev.statuses.get("logs"), "exempt");
        });
        it("Compliance: the target of another bucket needs no logging of its own", () => {
            const ev = evaluate([source("app", {}), logBucket("logs")]);
            assert.deepEqual(ev.findings, []);
            assert.equal(ev.statuses.get("logs"), "exempt");
            assert.equal(ev.statuses.get("app"), "compliant");
        });
        it("Compliance: a user-exempted bucket is not judged", () => {
            const ev = evaluate([source("scratch", null, { exemption: "matches --exclude-buckets scratch*" })]);
            assert.deepEqual(ev.findings, []);
            assert.equal(ev.statuses.get("scratch"), "exempt");
        });
        it("Unknown: logging configuration AccessDenied is reported, not passed", () => {
            const ev = evaluate([source("app", null, { logging: unknown("GetBucketLogging: AccessDenied") })]);
            assert.deepEqual(ev.findings, []);
            assert.equal(ev.unevaluated[0].ruleId, "logging-disabled");
            assert.match(ev.unevaluated[0].reason, /AccessDenied/);
            assert.equal(ev.statuses.get("app"), "unknown");
        });
    });

    describe("logging-conflict", () => {
        it("Noncompliance 1: inline logging and a BucketLogging both configure the bucket", () => {
            const f = evaluate([source("app", {}, { loggingDeclaredBy: ["app (inline logging)", "app-logging"] }), logBucket("logs")]).findings;
            assert.deepEqual(f.map((x) => x.ruleId), ["logging-conflict"]);
            assert.equal(f[0].severity, "high");
            assert.match(f[0].message, /configured by 2 resources \(app \(inline logging\), app-logging\).*Keep one/);
        });
        it("Compliance: one declaration, or none known (the audit reads one configuration from AWS)", () => {
            assert.deepEqual(rulesFiring([source("app", {}, { loggingDeclaredBy: ["app-logging"] }), logBucket("logs")], "app"), []);
            assert.deepEqual(rulesFiring([source("app", {}), logBucket("logs")], "app"), []);
        });
    });

    describe("target-is-source", () => {
        it("Noncompliance 1: a bucket logging into itself", () => {
            assert.deepEqual(rulesFiring([source("app", { targetBucket: "app" })], "app"), ["target-is-source"]);
        });
        it("Noncompliance 2: a designated log bucket logging into itself", () => {
            const facts = [logBucket("logs", { designatedLogBucket: true, logging: { targetBucket: "logs", targetPrefix: "" } })];
            assert.deepEqual(rulesFiring(facts, "logs"), ["target-is-source"]);
        });
        it("Compliance: a bucket logging into another bucket", () => {
            assert.deepEqual(rulesFiring([source("app", {}), logBucket("logs")], "app"), []);
        });
    });

    describe("target-missing", () => {
        it("Noncompliance 1: the target was looked up and does not exist", () => {
            assert.deepEqual(rulesFiring([source("app", {}), logBucket("logs", { exists: false })], "app"), ["target-missing"]);
        });
        it("Unknown: a target outside the facts is 'not verifiable here'", () => {
            const ev = evaluate([source("app", { targetBucket: "elsewhere" })]);
            assert.deepEqual(ev.findings, []);
            assert.deepEqual(ev.unevaluated.map((u) => u.ruleId), ["target-missing"]);
            assert.match(ev.unevaluated[0].reason, /not among the buckets checked here/);
        });
        it("Unknown: existence AccessDenied", () => {
            const facts = [source("app", {}), logBucket("logs", { exists: unknown("HeadBucket: AccessDenied") })];
            assert.deepEqual(unevaluatedFor(facts, "app"), ["target-missing"]);
        });
        it("Compliance: the target exists", () => {
            assert.deepEqual(unevaluatedFor([source("app", {}), logBucket("logs")], "app"), []);
        });
    });

    describe("target-other-region", () => {
        it("Noncompliance 1: target in eu-west-1 for a us-east-1 source", () => {
            const facts = [source("app", {}), logBucket("logs", { region: "eu-west-1" })];
            const f = evaluate(facts).findings;
            assert.deepEqual(f.map((x) => x.ruleId), ["target-other-region"]);
            assert.deepEqual(f[0].facts, { sourceRegion: "us-east-1", targetRegion: "eu-west-1", targetBucket: "logs" });
        });
        it("Compliance: same Region", () => {
            const facts = [source("app", {}, { region: "eu-west-1" }), logBucket("logs", { region: "eu-west-1" })];
            assert.deepEqual(rulesFiring(facts, "app"), []);
        });
        it("Unknown: the target's Region is not known", () => {
            const facts = [source("app", {}), logBucket("logs", { region: unknown("Region is computed during preview") })];
            assert.ok(unevaluatedFor(facts, "app").includes("target-other-region"));
        });
    });

    describe("target-other-account", () => {
        it("Noncompliance 1: central log bucket in another account", () => {
            const facts = [source("app", {}), logBucket("logs", { accountId: "222222222222" })];
            assert.ok(rulesFiring(facts, "app").includes("target-other-account"));
        });
        it("Compliance: same account", () => {
            assert.ok(!rulesFiring([source("app", {}), logBucket("logs")], "app").includes("target-other-account"));
        });
        it("Unknown: the source's account is not known", () => {
            const facts = [source("app", {}, { accountId: unknown("no account for provider") }), logBucket("logs")];
            assert.ok(unevaluatedFor(facts, "app").includes("target-other-account"));
        });
    });

    describe("target-denies-delivery", () => {
        it("Noncompliance 1: the target has no bucket policy and ACLs are disabled", () => {
            assert.deepEqual(rulesFiring([source("app", {}), logBucket("logs", { policy: null })], "app"), ["target-denies-delivery"]);
        });
        it("Noncompliance 2: the policy covers another prefix", () => {
            assert.deepEqual(rulesFiring([source("app", { targetPrefix: "other/" }), logBucket("logs")], "app"), ["target-denies-delivery"]);
        });
        it("Noncompliance 3: the policy grants another source account", () => {
            const facts = [source("app", {}, { accountId: "333333333333" }), logBucket("logs", { accountId: "333333333333" })];
            assert.deepEqual(rulesFiring(facts, "app"), ["target-denies-delivery"]);
        });
        it("Noncompliance 4: an unconditional Deny for everyone blocks the Allow", () => {
            const policy = {
                Version: "2012-10-17",
                Statement: [
                    ...(logBucket("logs").policy as { Statement: object[] }).Statement,
                    { Sid: "NoWrites", Effect: "Deny", Principal: "*", Action: "s3:Put*", Resource: "arn:aws:s3:::logs/*" },
                ],
            };
            const f = evaluate([source("app", {}), logBucket("logs", { policy } as never)]).findings;
            assert.deepEqual(f.map((x) => x.ruleId), ["target-denies-delivery"]);
            assert.match(f[0].message, /statement NoWrites .* denies delivery/);
        });
        it("Noncompliance 5: legacy ACL grant is ignored on a BucketOwnerEnforced target", () => {
            const aclGrants = [
                { grantee: { type: "Group" as const, uri: LOG_DELIVERY_GROUP }, permission: "WRITE" as const },
                { grantee: { type: "Group" as const, uri: LOG_DELIVERY_GROUP }, permission: "READ_ACP" as const },
            ];
            const facts = [source("app", {}), logBucket("logs", { policy: null, aclGrants })];
            assert.deepEqual(rulesFiring(facts, "app"), ["target-denies-delivery"]);
        });
        it("Compliance: legacy ACL grant with ACLs enabled", () => {
            const aclGrants = [{ grantee: { type: "Group" as const, uri: LOG_DELIVERY_GROUP }, permission: "FULL_CONTROL" as const }];
            const facts = [source("app", {}), logBucket("logs", { policy: null, aclGrants, ownership: "ObjectWriter" })];
            assert.deepEqual(rulesFiring(facts, "app"), []);
        });
        it("Compliance: the canned ACL log-delivery-write with ACLs enabled", () => {
            const facts = [source("app", {}), logBucket("logs", { policy: null, aclGrants: cannedAclGrants("log-delivery-write"), ownership: "BucketOwnerPreferred" })];
            assert.deepEqual(rulesFiring(facts, "app"), []);
        });
        it("Noncompliance 6: the canned ACL log-delivery-write on a BucketOwnerEnforced target, or another canned ACL", () => {
            const enforced = [source("app", {}), logBucket("logs", { policy: null, aclGrants: cannedAclGrants("log-delivery-write") })];
            assert.deepEqual(rulesFiring(enforced, "app"), ["target-denies-delivery"]);
            const publicRead = [source("app", {}), logBucket("logs", { policy: null, aclGrants: cannedAclGrants("public-read"), ownership: "ObjectWriter" })];
            assert.deepEqual(rulesFiring(publicRead, "app"), ["target-denies-delivery"]);
            assert.equal(cannedAclGrants("log-delivery-read"), undefined);
        });
        it("Compliance: the TLS-only Deny does not block delivery (the service uses TLS)", () => {
            assert.deepEqual(rulesFiring([source("app", {}), logBucket("logs")], "app"), []);
        });
        it("Compliance: partitioned keys fall under the prefix", () => {
            const facts = [source("app", { keyFormat: { kind: "partitioned", dateSource: "EventTime" } }), logBucket("logs")];
            assert.deepEqual(rulesFiring(facts, "app"), []);
        });
        it("Compliance: an ArnLike aws:SourceArn condition naming the source", () => {
            const policy = {
                Statement: {
                    Effect: "Allow",
                    Principal: { Service: ["logging.s3.amazonaws.com"] },
                    Action: ["s3:PutObject"],
                    Resource: ["arn:aws:s3:::logs/*"],
                    Condition: { ArnLike: { "aws:SourceArn": "arn:aws:s3:::app*" } },
                },
            };
            assert.deepEqual(rulesFiring([source("app", {}), logBucket("logs", { policy } as never)], "app"), []);
            assert.deepEqual(rulesFiring([source("other", {}), logBucket("logs", { policy } as never)], "other"), ["target-denies-delivery"]);
        });
        describe("conditions as IAM evaluates them for the logging service's request", () => {
            /** The log bucket's own policy plus `extra`. */
            const withStatements = (...extra: object[]) => ({
                Version: "2012-10-17",
                Statement: [...(logBucket("logs").policy as { Statement: object[] }).Statement, ...extra],
            });
            /** The source app's findings and the checks that could not run, under the log bucket's `policy`; `sourceFacts` of app. */
            const judge = (policy: object, sourceFacts: Partial<BucketFacts> = {}) => {
                const ev = evaluate([source("app", {}, sourceFacts), logBucket("logs", { policy } as never)]);
                return { fired: ev.findings.filter((f) => f.bucket === "app").map((f) => f.ruleId), unevaluated: ev.unevaluated.map((u) => u.ruleId) };
            };
            // aws-samples/data-perimeter-policy-examples, resource_based_policies/s3_bucket_policy.json.
            const identityPerimeter = {
                Sid: "EnforceIdentityPerimeter", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: ["arn:aws:s3:::logs", "arn:aws:s3:::logs/*"],
                Condition: {
                    StringNotEqualsIfExists: { "aws:PrincipalOrgID": "o-abc123", "aws:PrincipalAccount": ["222222222222"] },
                    BoolIfExists: { "aws:PrincipalIsAWSService": "false" },
                },
            };
            it("Compliance: the data-perimeter Deny exempts service principals (aws:PrincipalIsAWSService is true for the logging service)", () => {
                assert.deepEqual(judge(withStatements(identityPerimeter)), { fired: [], unevaluated: [] });
            });
            it("Noncompliance 7: a network-perimeter Deny (NotIpAddress aws:SourceIp) without that exemption blocks the logging service", () => {
                const network = {
                    Sid: "OnlyFromCorp", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "arn:aws:s3:::logs/*",
                    Condition: { NotIpAddress: { "aws:SourceIp": "203.0.113.0/24" } },
                };
                assert.deepEqual(judge(withStatements(network)).fired, ["target-denies-delivery"]);
            });
            it("Compliance: ForAnyValue on a key the request lacks matches nothing; ForAllValues matches", () => {
                const anyValue = {
                    Sid: "OnlyOurOus", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "arn:aws:s3:::logs/*",
                    Condition: { "ForAnyValue:StringNotLike": { "aws:PrincipalOrgPaths": "o-abc123/r-ab12/ou-ab12-11111111/*" } },
                };
                assert.deepEqual(judge(withStatements(anyValue)), { fired: [], unevaluated: [] });
                const allValues = { ...anyValue, Sid: "AllTagsApproved", Condition: { "ForAllValues:StringEquals": { "aws:TagKeys": ["team"] } } };
                assert.deepEqual(judge(withStatements(allValues)).fired, ["target-denies-delivery"]);
            });
            it("Unknown: the confused-deputy Deny on aws:SourceOrgID is judged by the source's organization, unknown without it", () => {
                const confusedDeputy = {
                    Sid: "EnforceConfusedDeputyProtection", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "arn:aws:s3:::logs/*",
                    Condition: {
                        StringNotEqualsIfExists: { "aws:SourceOrgID": "o-abc123" },
                        Null: { "aws:SourceAccount": "false" },
                        Bool: { "aws:PrincipalIsAWSService": "true" },
                    },
                };
                const policy = withStatements(identityPerimeter, confusedDeputy);
                assert.deepEqual(judge(policy), { fired: [], unevaluated: ["target-denies-delivery"] });
                const inOrg = (organizationId: string | null) => judge(policy, { organizationId });
                assert.deepEqual(inOrg("o-abc123"), { fired: [], unevaluated: [] }, "the source is in the policy's organization");
                assert.deepEqual(inOrg("o-zzz999").fired, ["target-denies-delivery"]);
                assert.deepEqual(inOrg(null).fired, ["target-denies-delivery"], "no organization: the key is absent, IfExists holds");
            });
            it("Unknown: a Deny that may apply is not bypassed by the legacy ACL route", () => {
                const aclGrants = cannedAclGrants("log-delivery-write");
                // The source's organization was not gathered (as in the policy pack): whether the Deny applies is unknown.
                const deny = {
                    Sid: "OnlyOurOrg", Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: "arn:aws:s3:::logs/*",
                    Condition: { StringNotEquals: { "aws:SourceOrgID": "o-abc123" } },
                };
                const facts = [
                    source("app", {}),
                    logBucket("logs", { policy: { Statement: [deny] }, aclGrants, ownership: "ObjectWriter" } as never),
                ];
                const ev = evaluate(facts);
                assert.ok(ev.unevaluated.some((u) => u.bucket === "app" && u.ruleId === "target-denies-delivery"), JSON.stringify(ev.unevaluated));
                assert.notEqual(ev.statuses.get("app"), "compliant");
            });
        });
        it("Unknown: bucket policy AccessDenied and no ACL route", () => {
            const facts = [source("app", {}), logBucket("logs", { policy: unknown("GetBucketPolicy: AccessDenied") })];
            assert.deepEqual(unevaluatedFor(facts, "app"), ["target-denies-delivery"]);
        });
    });

    describe("target-kms-encrypted", () => {
        it("Noncompliance 1: SSE-KMS default encryption", () => {
            const facts = [source("app", {}), logBucket("logs", { encryption: { algorithm: "aws:kms", kmsKeyId: "alias/logs" } })];
            const f = evaluate(facts).findings;
            assert.deepEqual(f.map((x) => x.ruleId), ["target-kms-encrypted"]);
            assert.match(f[0].message, /aws:kms \(alias\/logs\)/);
        });
        it("Noncompliance 2: DSSE-KMS default encryption", () => {
            const facts = [source("app", {}), logBucket("logs", { encryption: { algorithm: "aws:kms:dsse" } })];
            assert.deepEqual(rulesFiring(facts, "app"), ["target-kms-encrypted"]);
        });
        it("Compliance: a KMS key known to grant the logging service", () => {
            const facts = [source("app", {}), logBucket("logs", { encryption: { algorithm: "aws:kms", keyGrantsLogDelivery: true } })];
            assert.deepEqual(rulesFiring(facts, "app"), []);
        });
    });

    describe("target-object-lock-retention", () => {
        it("Noncompliance 1: default retention on the target", () => {
            assert.deepEqual(rulesFiring([source("app", {}), logBucket("logs", { objectLockRetention: true })], "app"), ["target-object-lock-retention"]);
        });
        it("Compliance: no default retention", () => {
            assert.deepEqual(rulesFiring([source("app", {}), logBucket("logs", { objectLockRetention: false })], "app"), []);
        });
    });

    describe("target-requester-pays", () => {
        it("Noncompliance 1: Requester Pays on the target", () => {
            assert.deepEqual(rulesFiring([source("app", {}), logBucket("logs", { requesterPays: true })], "app"), ["target-requester-pays"]);
        });
        it("Unknown: request payment AccessDenied", () => {
            const facts = [source("app", {}), logBucket("logs", { requesterPays: unknown("AccessDenied") })];
            assert.deepEqual(unevaluatedFor(facts, "app"), ["target-requester-pays"]);
        });
    });

    describe("target-grants-unsupported", () => {
        const targetGrants = [{ grantee: { type: "CanonicalUser" as const, id: "abc" }, permission: "READ" as const }];
        it("Noncompliance 1: TargetGrants on a BucketOwnerEnforced target", () => {
            assert.deepEqual(rulesFiring([source("app", { targetGrants }), logBucket("logs")], "app"), ["target-grants-unsupported"]);
        });
        it("Compliance: TargetGrants where ACLs are enabled", () => {
            assert.deepEqual(rulesFiring([source("app", { targetGrants }), logBucket("logs", { ownership: "BucketOwnerPreferred" })], "app"), []);
        });
    });

    describe("logging-cycle", () => {
        it("Noncompliance 1: a cycle of length 2", () => {
            const facts = [source("a", { targetBucket: "b" }), logBucket("b", { logging: { targetBucket: "a", targetPrefix: "logs/" } })];
            // Each side also carries a delivery-permission defect or not; only the cycle matters here.
            const f = evaluate(facts).findings.filter((x) => x.ruleId === "logging-cycle");
            assert.deepEqual(f.map((x) => x.bucket), ["a", "b"]);
            assert.deepEqual(f[0].facts.cycle, ["a", "b"]);
            assert.match(f[0].message, /a → b → a/);
        });
        it("Noncompliance 2: a cycle of length 3 reported for every member", () => {
            const facts = [
                logBucket("a", { logging: { targetBucket: "b", targetPrefix: "logs/" } }),
                logBucket("b", { logging: { targetBucket: "c", targetPrefix: "logs/" } }),
                logBucket("c", { logging: { targetBucket: "a", targetPrefix: "logs/" } }),
                source("tail", { targetBucket: "a" }),
            ];
            const ev = evaluate(facts);
            assert.deepEqual(ev.findings.filter((x) => x.ruleId === "logging-cycle").map((x) => x.facts.cycle), [
                ["a", "b", "c"],
                ["b", "c", "a"],
                ["c", "a", "b"],
            ]);
            assert.ok(!ev.findings.some((x) => x.bucket === "tail"), "a bucket leading into a cycle is not on it");
        });
        it("Compliance: a self-loop is target-is-source, not a cycle", () => {
            assert.deepEqual(rulesFiring([source("a", { targetBucket: "a" })], "a"), ["target-is-source"]);
        });
    });

    describe("target-logs-enabled", () => {
        it("Noncompliance 1: a chain a → logs → archive", () => {
            const facts = [
                source("a", {}),
                logBucket("logs", { logging: { targetBucket: "archive", targetPrefix: "logs/" } }),
                logBucket("archive"),
            ];
            const f = evaluate(facts).findings;
            assert.deepEqual(f.map((x) => [x.bucket, x.ruleId, x.severity]), [["logs", "target-logs-enabled", "low"]]);
            assert.match(f[0].message, /target of a/);
        });
        it("Compliance: a log bucket that does not log", () => {
            assert.deepEqual(evaluate([source("a", {}), logBucket("logs")]).findings, []);
        });
    });

    describe("evaluate", () => {
        it("judges only in-scope buckets that exist", () => {
            const ev = evaluate([source("app", null), logBucket("gone", { exists: false }), source("probe", null, { inScope: false })]);
            assert.deepEqual([...ev.statuses.keys()], ["app"]);
        });
        it("rejects duplicate bucket names", () => {
            assert.throws(() => evaluate([source("a", null), source("a", null)]), /appears twice/);
        });
        it("runs a chosen subset of rules", () => {
            assert.deepEqual(evaluate([source("a", { targetBucket: "a" })], { rules: ["logging-disabled"] }).findings, []);
        });
        it("reports several defects of one target together", () => {
            const facts = [source("app", {}), logBucket("logs", { region: "us-west-2", requesterPays: true, accountId: ACCOUNT })];
            assert.deepEqual(rulesFiring(facts, "app"), ["target-other-region", "target-requester-pays"]);
        });
    });
});
