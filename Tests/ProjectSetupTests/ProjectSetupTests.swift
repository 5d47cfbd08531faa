import Findings
import Foundation
import Testing
import Yams
@testable import ProjectSetup
import TaintlineKit
import Workspace

func temporaryFolder() throws -> String {
    let path = NSTemporaryDirectory() + "taintline-init-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

func write(_ text: String, _ folder: String, _ name: String) throws {
    let path = (folder as NSString).appendingPathComponent(name)
    try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try text.write(toFile: path, atomically: true, encoding: .utf8)
}

func read(_ folder: String, _ name: String) -> String? {
    try? String(contentsOfFile: (folder as NSString).appendingPathComponent(name), encoding: .utf8)
}

/// What `taintline init` writes is what the configuration loader reads: every section is loaded
/// back with the real loader.
@Suite struct StarterConfigurationTests {
    @Test func theStarterSectionLoadsWithTheRealLoader() throws {
        var starter = StarterConfiguration()
        starter.select = ["TL-B602", "TL-B608"]
        starter.ignore = ["TL-B101"]
        starter.exclude = ["tests", "**/gen \"quoted\"\\dir"]
        starter.severity = .medium
        starter.confidence = .high
        starter.perPathIgnores = ["**/test_*.py": ["TL-B101"], "scripts/*.py": ["TL-B602", "TL-B603"]]
        let text = starter.toml(translatedFromBandit: true)
        let configuration = try #require(try ConfigurationLoader.parse(text, path: "pyproject.toml", kind: .pyproject))
        #expect(configuration.select == ["TL-B602", "TL-B608"])
        #expect(configuration.ignore == ["TL-B101"])
        #expect(configuration.exclude == ["tests", "**/gen \"quoted\"\\dir"])
        #expect(configuration.severity == .medium)
        #expect(configuration.confidence == .high)
        #expect(configuration.failOn == nil)
        #expect(configuration.perPathIgnores.map(\.pattern) == ["**/test_*.py", "scripts/*.py"])
        #expect(configuration.perPathIgnores.map(\.rules) == [["TL-B101"], ["TL-B602", "TL-B603"]])
    }

    /// With nothing to translate the section holds comments only, and still loads (as an empty table).
    @Test func theEmptyStarterLoads() throws {
        let text = StarterConfiguration().toml(translatedFromBandit: false)
        let configuration = try #require(try ConfigurationLoader.parse(text, path: "pyproject.toml", kind: .pyproject))
        #expect(configuration.select == nil && configuration.ignore == nil && configuration.severity == nil && configuration.perPathIgnores.isEmpty)
        #expect(text.contains("# fail-on = \"low\""))
    }

    @Test func appendingKeepsEverythingElse() throws {
        let existing = """
        [project]
        name = "shop"   # no newline at the end
        """
        let section = StarterConfiguration().toml(translatedFromBandit: false)
        let (text, replaced) = try PyprojectEdit.apply(existing: existing, section: section, force: false, path: "pyproject.toml")
        #expect(!replaced)
        #expect(text == existing + "\n\n" + section)
    }

    @Test func anExistingSectionIsRefusedUnlessForced() throws {
        let existing = """
        [project]
        name = "shop"

        [tool.taintline]
        select = ["A03"]

        [tool.taintline.per-path-ignores]
        "tests/**" = ["TL-B101"]

        [tool.ruff]
        line-length = 100
        doc = \"\"\"
        [tool.taintline]
        \"\"\"

        """
        var starter = StarterConfiguration()
        starter.ignore = ["TL-B311"]
        let section = starter.toml(translatedFromBandit: false)
        #expect(throws: SetupError.self) { try PyprojectEdit.apply(existing: existing, section: section, force: false, path: "pyproject.toml") }
        let (text, replaced) = try PyprojectEdit.apply(existing: existing, section: section, force: true, path: "pyproject.toml")
        #expect(replaced)
        #expect(!text.contains("select = [\"A03\"]") && !text.contains("\"tests/**\""))
        #expect(text.contains("[tool.ruff]\nline-length = 100\ndoc = \"\"\"\n[tool.taintline]\n\"\"\""), "the string that looks like a header stays")
        let configuration = try #require(try ConfigurationLoader.parse(text, path: "pyproject.toml", kind: .pyproject))
        #expect(configuration.ignore == ["TL-B311"] && configuration.select == nil && configuration.perPathIgnores.isEmpty)
        let document = try ConfigurationLoader.document(text, path: "pyproject.toml")
        #expect(document["project"]?["name"]?.string == "shop")
        #expect(document["tool"]?["ruff"]?["line-length"]?.integer == 100)
    }

    @Test func dottedKeysAndBrokenFilesAreNotEdited() {
        let section = StarterConfiguration().toml(translatedFromBandit: false)
        let dotted = "[tool]\ntaintline.select = [\"A03\"]\n"
        #expect(throws: SetupError("pyproject.toml sets tool.taintline with dotted keys or an inline table, which --force cannot replace: edit it by hand")) {
            try PyprojectEdit.apply(existing: dotted, section: section, force: true, path: "pyproject.toml")
        }
        #expect(throws: SetupError.self) { try PyprojectEdit.apply(existing: "[project\nname = 1\n", section: section, force: false, path: "pyproject.toml") }
    }
}

@Suite struct PreCommitEntryTests {
    func hookIDs(_ text: String) throws -> [String] {
        let root = try #require(try Yams.load(yaml: text) as? [String: Any])
        let repos = try #require(root["repos"] as? [[String: Any]])
        return repos.flatMap { ($0["hooks"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String } }
    }

    @Test func aNewFileHoldsTheHooks() throws {
        guard case let .write(text) = PreCommitEntry.apply(existing: nil) else { Issue.record("not written"); return }
        #expect(try hookIDs(text) == PreCommitEntry.hookIDs)
    }

    @Test(arguments: [0, 2, 4])
    func theEntryJoinsTheReposListAtItsIndentation(indent: Int) throws {
        let pad = String(repeating: " ", count: indent)
        let existing = """
        # project hooks
        default_language_version:
          python: python3.12
        repos:
        \(pad)- repo: https://github.com/PyCQA/bandit
        \(pad)  rev: 1.7.9
        \(pad)  hooks:
        \(pad)  - id: bandit

        # the rest
        ci:
          autofix_prs: false

        """
        guard case let .write(text) = PreCommitEntry.apply(existing: existing) else { Issue.record("not written"); return }
        #expect(try hookIDs(text) == ["bandit"] + PreCommitEntry.hookIDs)
        let root = try #require(try Yams.load(yaml: text) as? [String: Any])
        #expect((root["ci"] as? [String: Any])?["autofix_prs"] as? Bool == false)
        #expect(text.hasPrefix(existing.components(separatedBy: "\n# the rest")[0].trimmingCharacters(in: .newlines)))
    }

    @Test func whatCannotBeEditedIsLeftAlone() {
        #expect(PreCommitEntry.apply(existing: "repos: []\n") == .byHand(reason: "its repos: list is written in flow style"))
        #expect(PreCommitEntry.apply(existing: "default_stages: [commit]\n") == .byHand(reason: "it has no top-level repos: list"))
        if case .byHand = PreCommitEntry.apply(existing: "repos:\n- repo: [\n") {} else { Issue.record("invalid YAML was edited") }
        let present = "repos:\n- repo: https://github.com/taintline/taintline\n  rev: v0.1.0\n  hooks:\n  - id: taintline\n"
        #expect(PreCommitEntry.apply(existing: present) == .alreadyThere)
    }

    /// The local entry defines the hooks exactly as this repository's .pre-commit-hooks.yaml does
    /// (descriptions aside), so a project gets the same hooks either way.
    @Test func theLocalHooksAreTheRepositorysHooks() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let published = try String(contentsOf: root.appendingPathComponent(".pre-commit-hooks.yaml"), encoding: .utf8)
        let hooks = try #require(try Yams.load(yaml: published) as? [[String: Any]])
        let local = try #require(try Yams.load(yaml: PreCommitEntry.entry(indent: 0)) as? [[String: Any]])
        let written = try #require(local.first?["hooks"] as? [[String: Any]])
        func normal(_ hook: [String: Any]) -> String {
            hook.filter { $0.key != "description" }.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ";")
        }
        #expect(written.map(normal) == hooks.map(normal))
    }
}

/// `taintline init` on real folders: planned, written, read back by the loader; refusals write nothing.
@Suite struct ProjectSetupTests {
    let rules = RuleIndex.all

    @Test func aBanditProjectIsTranslatedAndTheResultLoads() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let pyproject = """
        [project]
        name = "shop"

        [tool.bandit]
        skips = ["B101", "B311"]
        exclude_dirs = ["tests", "./migrations/"]

        [tool.bandit.assert_used]
        skips = ["*/test_*.py"]

        """
        try write(pyproject, folder, "pyproject.toml")
        try write("[bandit]\nlevel = MEDIUM\ntargets = shop\n", folder, ".bandit")
        try write("repos:\n- repo: https://github.com/PyCQA/bandit\n  rev: 1.7.9\n  hooks:\n  - id: bandit\n", folder, ".pre-commit-config.yaml")
        try FileManager.default.createDirectory(atPath: folder + "/tests", withIntermediateDirectories: true)

        // A dry run writes nothing and shows the files.
        let dry = try ProjectSetup.plan(folder: folder, rules: rules)
        let shown = dry.summary(dryRun: true)
        #expect(read(folder, "pyproject.toml") == pyproject)
        #expect(read(folder, WorkflowFile.path) == nil)
        #expect(shown.contains("nothing written") && shown.contains("--- pyproject.toml") && shown.contains("[tool.taintline]"))
        #expect(shown.contains("skips (pyproject.toml [tool.bandit]) B101, B311 → ignore TL-B101, TL-B311"))
        #expect(shown.contains("Not translated:\n  targets (.bandit): Taintline scans the paths given on its command line"))

        try dry.write()
        let written = try #require(read(folder, "pyproject.toml"))
        #expect(written.hasPrefix(pyproject))
        // The real loader, discovering the file as a scan would.
        let configuration = try ConfigurationLoader.load(explicitPath: nil, noConfig: false, scanRoot: folder)
        #expect(configuration.path?.hasSuffix("pyproject.toml") == true)
        #expect(configuration.ignore == ["TL-B101", "TL-B311"])
        #expect(configuration.exclude == ["tests", "migrations"])
        #expect(configuration.severity == .medium)
        // bandit decided where asserts are allowed: that, not the tests-folder default.
        #expect(configuration.perPathIgnores.map(\.pattern) == ["**/test_*.py"])
        let settings = try ReportSettings.resolve(ReportRequest(), roots: [folder])
        #expect(settings.filters.minimumSeverity == .medium)

        let hooks = try #require(read(folder, ".pre-commit-config.yaml"))
        #expect(hooks.contains("- id: bandit") && hooks.contains("- id: taintline-deps"))
        #expect(read(folder, WorkflowFile.path) == WorkflowFile.text())

        // A second run refuses and changes nothing; --force replaces the section.
        #expect(throws: SetupError.self) { try ProjectSetup.plan(folder: folder, rules: rules) }
        let again = try ProjectSetup.plan(folder: folder, rules: rules, options: ProjectSetup.Options(force: true))
        #expect(again.files.map(\.action) == ["replaced its [tool.taintline] section (--force)", "unchanged: it already runs Taintline's hooks",
                                              "unchanged: already as init writes it"])
        try again.write()
        #expect(read(folder, "pyproject.toml") == written)
    }

    @Test func aProjectWithoutBanditGetsTheStarterAndNewFiles() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/tests", withIntermediateDirectories: true)
        let plan = try ProjectSetup.plan(folder: folder, rules: rules, options: ProjectSetup.Options(branch: "trunk"))
        #expect(plan.banditSources.isEmpty && plan.translation.isEmpty)
        try plan.write()
        let configuration = try ConfigurationLoader.load(explicitPath: nil, noConfig: false, scanRoot: folder)
        #expect(configuration.path != nil)
        #expect(configuration.perPathIgnores.map(\.pattern) == ["tests/**"])
        #expect(configuration.perPathIgnores.map(\.rules) == [["TL-B101"]])
        #expect(read(folder, WorkflowFile.path)?.contains("branches: [trunk]") == true)
        let summary = plan.summary(dryRun: false)
        #expect(summary.contains("pyproject.toml: created with a [tool.taintline] section"))
        #expect(!summary.contains("Translated from bandit"))
    }

    @Test func refusalsWriteNothing() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try write("name: mine\n", folder, WorkflowFile.path)
        #expect(throws: SetupError("\(folder)/\(WorkflowFile.path) exists: nothing written (pass --force to replace it)")) {
            try ProjectSetup.plan(folder: folder, rules: rules)
        }
        #expect(read(folder, "pyproject.toml") == nil)
        try write("select = [\"A03\"]\n", folder, ".taintline.toml")
        #expect(throws: SetupError.self) { try ProjectSetup.plan(folder: folder, rules: rules, options: ProjectSetup.Options(force: true)) }
        #expect(throws: SetupError("\(folder)/missing is not a folder")) { try ProjectSetup.plan(folder: folder + "/missing", rules: rules) }
    }
}
