/**
 * The layers of the code, checked in the test suite (tests/architecture.test.ts): engine at the
 * bottom; AWS access; features; the CLI shell and the Pulumi entry points on top. No cycles.
 */
const FEATURES = "^(audit|remediation|logs|discovery|html)/";
const ENTRY_POINTS = "^(cli|demo|components|policies|program|provider|index\\.ts|library\\.ts)";

module.exports = {
    forbidden: [
        { name: "no-circular", severity: "error", from: {}, to: { circular: true } },
        {
            name: "engine-is-pure",
            comment: "The engine is pure functions: no AWS SDK, no Pulumi, no other layer of this project.",
            severity: "error",
            from: { path: "^engine/" },
            to: { pathNot: ["^engine/", "^node_modules/@types/"], dependencyTypesNot: ["core"] },
        },
        {
            name: "aws-access-below-features",
            severity: "error",
            from: { path: "^aws/" },
            to: { path: [FEATURES, ENTRY_POINTS] },
        },
        {
            name: "features-below-the-shell",
            severity: "error",
            from: { path: FEATURES },
            to: { path: ENTRY_POINTS },
        },
        {
            name: "pulumi-side-without-aws-access",
            comment: "Components, the pack and the program never reach the CLI's AWS access or its features.",
            severity: "error",
            from: { path: "^(components|policies|program|provider)/" },
            to: { path: "^(aws|audit|remediation|cli|demo)/" },
        },
        {
            name: "shell-not-into-pulumi",
            comment: "The CLI loads no Pulumi entry point.",
            severity: "error",
            from: { path: "^(cli|demo)/" },
            to: { path: "^(components|policies|program|provider)/" },
        },
    ],
    options: {
        doNotFollow: { path: "node_modules" },
        exclude: { path: "^(node_modules|build|dist|tests|bench|scripts|\\.venv)" },
        tsPreCompilationDeps: true,
        tsConfig: { fileName: "tsconfig.json" },
        moduleSystems: ["cjs", "es6"],
    },
};
