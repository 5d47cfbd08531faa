// swift-tools-version:6.0
import PackageDescription

// The module graph follows the scan pipeline: syntax, then semantics, then the
// analyses, then findings and reports. Nothing depends on the executable.
let package = Package(
    name: "Taintline",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "taintline", targets: ["taintline"]),
        .library(name: "PythonSyntax", targets: ["PythonSyntax"]),
        .library(name: "TaintlineKit", targets: ["TaintlineKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // Tokens, lexer, parser, AST, source locations, syntax errors. Standard library and Foundation only.
        .target(name: "PythonSyntax"),
        // Scopes, bindings, import resolution, qualified names, constant folding, call graph.
        .target(name: "PythonSemantics", dependencies: ["PythonSyntax"]),
        // Flow facts over the semantic model: unreachable code, container contents, and (growing)
        // the taint engine the request-data rules run on.
        .target(name: "Dataflow", dependencies: ["PythonSyntax", "PythonSemantics"]),
        // Finding, Severity, CWE, OWASP, Location, fingerprints.
        .target(name: "Findings"),
        // File discovery (.gitignore, excludes, symlinks) and configuration.
        .target(name: "Workspace", dependencies: ["Findings", .product(name: "TOMLKit", package: "TOMLKit")]),
        // The rule catalog: one file per rule.
        .target(name: "Rules", dependencies: ["PythonSyntax", "PythonSemantics", "Dataflow", "Findings"], exclude: ["AUTHORING.md"]),
        // Hard-coded credentials in files and git history.
        .target(name: "Secrets", dependencies: ["Findings", "Workspace"]),
        // Manifests, lock files, PEP 440/508, OSV advisories.
        .target(name: "Dependencies", dependencies: ["Findings", .product(name: "TOMLKit", package: "TOMLKit"), .product(name: "Yams", package: "Yams")],
                // The built-in advisory snapshot (Scripts/build-advisory-snapshot.sh writes it).
                resources: [.copy("Resources/osv-pypi-snapshot.tsv")]),
        // Jinja2 and Django templates: |safe, autoescape off, unquoted attributes.
        .target(name: "Templates", dependencies: ["Findings"]),
        // Project-level checks: files that should not be committed, CI without security scanning.
        .target(name: "ProjectChecks", dependencies: ["Findings"]),
        // Container and deploy files: Dockerfiles, Compose files, Kubernetes manifests, gunicorn/uWSGI
        // configuration and Procfiles (one file per rule, each with its own examples).
        .target(name: "Deploy", dependencies: ["Findings", "PythonSyntax", "ProjectChecks", .product(name: "Yams", package: "Yams")]),
        // Live HTTP checks of a running app.
        .target(name: "Probe", dependencies: ["Findings"]),
        // Text, JSON, SARIF, Markdown reporters, suppressions and baselines.
        .target(name: "Reporting", dependencies: ["Findings", "Workspace"]),
        // `taintline init`: a starter configuration, pre-commit entry and workflow; bandit settings translated.
        .target(name: "ProjectSetup", dependencies: ["Findings", "Workspace", .product(name: "Yams", package: "Yams")]),
        // `taintline threat-model`: attack surface, STRIDE and data-flow diagram from the rules' view of the code.
        .target(name: "ThreatModel", dependencies: ["Findings", "PythonSyntax", "PythonSemantics", "Dataflow", "Rules"]),
        // The scan pipeline that ties the modules together.
        .target(name: "TaintlineKit", dependencies: ["PythonSyntax", "PythonSemantics", "Dataflow", "Findings", "Workspace", "Rules", "Secrets", "Dependencies", "Probe", "Reporting", "Templates", "ProjectChecks", "Deploy", "ThreatModel"]),
        // `taintline server`: the Language Server Protocol over stdio (framing, diagnostics, code actions) on the scan pipeline.
        .target(name: "LanguageServer", dependencies: ["TaintlineKit", "Findings", "Reporting", "Workspace"]),
        // `taintline mcp`: a Model Context Protocol server on stdio (JSON-RPC 2.0 written here) whose
        // tools scan code, explain rules and list them for a coding assistant.
        .target(name: "MCPServer", dependencies: ["TaintlineKit", "Findings", "Reporting", "Rules", "Workspace"]),
        // The executable: argument parsing only.
        .executableTarget(name: "taintline", dependencies: [
            "TaintlineKit", "Findings", "PythonSyntax", "Rules", "Dependencies", "Probe", "Secrets", "Reporting", "Workspace", "ProjectSetup", "ThreatModel", "LanguageServer", "MCPServer",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .testTarget(name: "PythonSyntaxTests", dependencies: ["PythonSyntax"]),
        .testTarget(name: "PythonSemanticsTests", dependencies: ["PythonSemantics"]),
        .testTarget(name: "DataflowTests", dependencies: ["Dataflow", "PythonSemantics", "PythonSyntax"]),
        .testTarget(name: "FindingsTests", dependencies: ["Findings"]),
        .testTarget(name: "WorkspaceTests", dependencies: ["Workspace"]),
        .testTarget(name: "RulesTests", dependencies: ["Rules", "PythonSyntax", "PythonSemantics"], exclude: ["Apps"]),
        .testTarget(name: "SecretsTests", dependencies: ["Secrets"]),
        .testTarget(name: "TemplatesTests", dependencies: ["Templates"]),
        .testTarget(name: "ProjectChecksTests", dependencies: ["ProjectChecks"]),
        .testTarget(name: "DeployTests", dependencies: ["Deploy", "Findings"]),
        .testTarget(name: "DependenciesTests", dependencies: ["Dependencies"], exclude: ["Oracle"]),
        .testTarget(name: "ProbeTests", dependencies: ["Probe"], exclude: ["Apps"]),
        .testTarget(name: "ReportingTests", dependencies: ["Reporting", "Workspace"], exclude: ["Golden"]),
        .testTarget(name: "ProjectSetupTests", dependencies: ["ProjectSetup", "Workspace", "TaintlineKit", .product(name: "Yams", package: "Yams")]),
        .testTarget(name: "ThreatModelTests", dependencies: ["ThreatModel", "Rules", "PythonSyntax", "Findings", "Reporting"], exclude: ["Fixtures"]),
        .testTarget(name: "LanguageServerTests", dependencies: ["LanguageServer", "Findings"], exclude: ["Clients"]),
        .testTarget(name: "MCPServerTests", dependencies: ["MCPServer", "Reporting"], exclude: ["Clients"]),
        .testTarget(name: "TaintlineKitTests", dependencies: ["TaintlineKit", "Reporting", "Rules", "ThreatModel", "Dataflow", "Dependencies", "PythonSemantics", "PythonSyntax", "Findings"], exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v5]
)
