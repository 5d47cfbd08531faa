import Foundation
import Testing

/// action.yml, the workflows of Docs/ci.md and the one `taintline init` writes, linted by real
/// actionlint (pinned in Tests/Support/requirements.lock); the GitLab job checked for the report
/// it hands GitLab.
@Suite struct CIWorkflowTests {
    /// actionlint beside the test interpreter (the lock installs it there), else on PATH.
    static var actionlint: String? {
        let beside = URL(fileURLWithPath: Packaging.python).deletingLastPathComponent().appendingPathComponent("actionlint").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let candidate = "\(folder)/actionlint"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    static let skipMessage: Comment = "actionlint is not installed: it comes with Tests/Support/requirements.lock (Scripts/test.sh installs it beside TAINTLINE_TEST_PYTHON)"

    /// The fenced YAML blocks of Docs/ci.md whose first line names their file (`# .gitlab-ci.yml`).
    static func documentedFiles() throws -> [String: String] {
        let text = try String(contentsOf: Packaging.root.appendingPathComponent("Docs/ci.md"), encoding: .utf8)
        var files: [String: String] = [:]
        for block in text.components(separatedBy: "```yaml\n").dropFirst() {
            guard let body = block.components(separatedBy: "\n```").first, body.hasPrefix("# ") else { continue }
            let name = String(body.prefix { $0 != "\n" }.dropFirst(2))
            files[name] = body + "\n"
        }
        return files
    }

    /// A throw-away repository holding this checkout's action.yml at its root and `workflows`,
    /// whose references to the published action point at that local copy instead, so actionlint
    /// checks every input they pass against action.yml.
    static func repository(_ workflows: [String: String]) throws -> String {
        let folder = try Packaging.temporaryFolder("actionlint")
        try FileManager.default.createDirectory(atPath: folder + "/.github/workflows", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Packaging.root.appendingPathComponent("action.yml").path, toPath: folder + "/action.yml")
        for (name, text) in workflows {
            let local = text.replacingOccurrences(of: "taintline/taintline@v0.1.0", with: "./")
            try local.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8)
        }
        try Packaging.run("/usr/bin/git", ["init", "-q"], cwd: folder)
        return folder
    }

    static func lint(_ folder: String, _ names: [String]) throws -> Packaging.Run {
        // No shellcheck or pyflakes integration: the result must not depend on what else is installed.
        try Packaging.run(actionlint!, ["-no-color", "-shellcheck=", "-pyflakes="] + names, cwd: folder)
    }

    @Test(.enabled(if: actionlint != nil, skipMessage))
    func theActionAndEveryWorkflowPassActionlint() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Packaging.binary), "build the taintline product first (Scripts/test.sh does)")
        var workflows = try Self.documentedFiles().filter { $0.key.hasPrefix(".github/workflows/") }
        #expect(workflows.count == 2, "Docs/ci.md's workflows: \(workflows.keys.sorted())")
        // The workflow `taintline init` writes, from the binary itself.
        let project = try Packaging.temporaryFolder("init-workflow")
        defer { try? FileManager.default.removeItem(atPath: project) }
        let initialised = try Packaging.run(Packaging.binary, ["init", project], cwd: project)
        try #require(initialised.status == 0, "\(initialised.output)")
        workflows[".github/workflows/init.yml"] = try String(contentsOfFile: project + "/.github/workflows/taintline.yml", encoding: .utf8)
        #expect(workflows[".github/workflows/init.yml"]?.contains("uses: taintline/taintline@v0.1.0") == true)
        // And one that passes every input of the action, so each is checked against action.yml.
        workflows[".github/workflows/inputs.yml"] = """
        name: inputs
        on: [push]
        permissions:
          contents: read
          security-events: write
        jobs:
          scan:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v5
              - id: taintline
                uses: taintline/taintline@v0.1.0
                with:
                  path: src
                  fail-on: none
                  diff-base: main
                  install: taintline==0.1.0
                  sarif-file: out.sarif
                  upload: "false"
                  category: taintline-src
                  args: --skip dependencies
              - run: test -s "$SARIF"
                env:
                  SARIF: ${{ steps.taintline.outputs.sarif-file }}

        """
        let folder = try Self.repository(workflows)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = try Self.lint(folder, workflows.keys.sorted())
        #expect(run.status == 0, "actionlint:\n\(run.output)")
        #expect(run.output.isEmpty, "actionlint:\n\(run.output)")
    }

    /// The lint above can fail: an input action.yml does not define, and a step output it does
    /// not have, are reported.
    @Test(.enabled(if: actionlint != nil, skipMessage))
    func actionlintCatchesAWrongInput() throws {
        let broken = """
        name: broken
        on: [push]
        jobs:
          scan:
            runs-on: ubuntu-latest
            steps:
              - uses: taintline/taintline@v0.1.0
                with:
                  fail_on: high

        """
        let folder = try Self.repository([".github/workflows/broken.yml": broken])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = try Self.lint(folder, [".github/workflows/broken.yml"])
        #expect(run.status == 1, "actionlint:\n\(run.output)")
        #expect(run.output.contains("\"fail_on\" is not defined"), "actionlint:\n\(run.output)")
    }

    /// The GitLab job writes the report its artifact hands GitLab, in the SAST format, and
    /// every input of action.yml is documented in Docs/ci.md's table.
    @Test func theGitLabJobAndTheInputsTableAgreeWithTheirFiles() throws {
        let gitlab = try #require(try Self.documentedFiles()[".gitlab-ci.yml"], "Docs/ci.md has no .gitlab-ci.yml block")
        let folder = try Packaging.temporaryFolder("gitlab")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try gitlab.write(toFile: folder + "/.gitlab-ci.yml", atomically: true, encoding: .utf8)
        let script = """
        import re, sys, yaml
        job = yaml.safe_load(open(sys.argv[1]))["taintline-sast"]
        report = job["artifacts"]["reports"]["sast"]
        written = [line for line in job["script"] if "--format gitlab-sast" in line]
        assert len(written) == 1, written
        assert "--output " + report in written[0], (report, written)
        assert job["artifacts"]["when"] == "always"
        action = yaml.safe_load(open(sys.argv[2]))
        docs = open(sys.argv[3]).read()
        missing = [name for name in action["inputs"] if "| `%s` |" % name not in docs]
        assert not missing, "inputs not in Docs/ci.md: %s" % missing
        documented = re.findall(r"^\\| `([a-z-]+)` \\| [^|]* \\| [^|]* \\|$", docs, re.M)
        extra = [name for name in documented if name not in action["inputs"]]
        assert not extra, "documented inputs action.yml does not have: %s" % extra
        print("ok")
        """
        let run = try Packaging.run(Packaging.python, ["-c", script, folder + "/.gitlab-ci.yml",
                                                       Packaging.root.appendingPathComponent("action.yml").path,
                                                       Packaging.root.appendingPathComponent("Docs/ci.md").path], cwd: folder)
        #expect(run.status == 0 && run.output.contains("ok"), "\(run.output)")
    }
}
