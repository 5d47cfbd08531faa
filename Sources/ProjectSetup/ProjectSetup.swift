import Findings
import Foundation
import Workspace

/// `taintline init`: what it writes into a project and what it says about it. Everything is
/// planned first and written only when every file can be written, so a refusal (an existing
/// `[tool.taintline]` without `--force`) leaves the project as it was.
public enum ProjectSetup {
    public struct Options: Sendable {
        /// Replace an existing `[tool.taintline]` section and workflow file.
        public var force = false
        /// The branch whose pushes the workflow scans.
        public var branch = "main"

        public init(force: Bool = false, branch: String = "main") {
            self.force = force
            self.branch = branch
        }
    }

    /// One file `init` writes, or leaves alone, and why.
    public struct PlannedFile: Equatable, Sendable {
        /// Relative to the project folder.
        public var path: String
        /// The new contents; `nil` when the file is left as it is.
        public var contents: String?
        /// What happens, for the user: "created", "appended [tool.taintline]", "unchanged: ...".
        public var action: String
    }

    public struct Plan: Equatable, Sendable {
        public var folder: String
        public var files: [PlannedFile]
        public var translation: BanditTranslation
        /// Where the bandit settings came from (empty when there were none).
        public var banditSources: [String]
        /// Things to do by hand.
        public var notes: [String]

        /// What `init` did (or, with `dryRun`, would do), as printed.
        public func summary(dryRun: Bool) -> String {
            var out = dryRun ? "taintline init --dry-run: nothing written; this is what would be done in \(folder)\n"
                             : "taintline init: \(folder)\n"
            for file in files { out += "  \(file.path): \(file.action)\n" }
            if !banditSources.isEmpty {
                out += "Translated from bandit (\(banditSources.joined(separator: ", "))):\n"
                out += translation.translated.isEmpty ? "  nothing\n" : translation.translated.map { "  \($0)\n" }.joined()
                if !translation.untranslated.isEmpty {
                    out += "Not translated:\n" + translation.untranslated.map { "  \($0)\n" }.joined()
                }
            }
            if !notes.isEmpty { out += "Next:\n" + notes.map { "  - \($0)\n" }.joined() }
            if dryRun {
                for file in files {
                    guard let contents = file.contents else { continue }
                    out += "\n--- \(file.path)\n" + contents
                    if !contents.hasSuffix("\n") { out += "\n" }
                }
            }
            return out
        }

        /// Writes the planned files (folders created as needed).
        public func write() throws {
            for file in files {
                guard let contents = file.contents else { continue }
                let path = (folder as NSString).appendingPathComponent(file.path)
                do {
                    try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                    try contents.write(toFile: path, atomically: true, encoding: .utf8)
                } catch {
                    throw SetupError("cannot write \(path): \(error.localizedDescription)")
                }
            }
        }
    }

    /// Plans the files for the project in `folder`; `rules` is the catalog that bandit test ids
    /// are looked up in. Throws `SetupError` (nothing is written) when a file would be
    /// overwritten without `force`, or cannot be read or edited safely.
    public static func plan(folder: String, rules: [RuleDescriptor], options: Options = Options()) throws -> Plan {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw SetupError("\(folder) is not a folder")
        }
        func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }
        func read(_ name: String) throws -> String? {
            guard FileManager.default.fileExists(atPath: path(name)) else { return nil }
            guard let data = FileManager.default.contents(atPath: path(name)) else { throw SetupError("cannot read \(path(name))") }
            guard let text = String(data: data, encoding: .utf8) else { throw SetupError("\(path(name)) is not UTF-8 text") }
            return text
        }
        if FileManager.default.fileExists(atPath: path(".taintline.toml")) {
            throw SetupError("\(path(".taintline.toml")) exists and is read before pyproject.toml: nothing written (edit it, or remove it and run taintline init again)")
        }

        let settings: [BanditSetting]
        do { settings = try BanditConfiguration.read(folder: folder) } catch { throw SetupError("\(error)") }
        let translation = BanditTranslation.translate(settings, rules: rules)
        var starter = translation.configuration
        var notes: [String] = []
        // Asserts are how tests check: a tests folder gets the assert rule ignored, unless the
        // bandit settings already decided where asserts are allowed.
        let assertRules = rules.filter { $0.aliases.contains("B101") }.map(\.id)
        if !assertRules.isEmpty, starter.perPathIgnores.isEmpty, !assertRules.contains(where: starter.ignore.contains),
           FileManager.default.fileExists(atPath: path("tests")) {
            starter.perPathIgnores["tests/**"] = assertRules
        }
        var files: [PlannedFile] = []

        let existing = try read("pyproject.toml")
        let edit = try PyprojectEdit.apply(existing: existing, section: starter.toml(translatedFromBandit: !translation.isEmpty),
                                           force: options.force, path: path("pyproject.toml"))
        files.append(PlannedFile(path: "pyproject.toml", contents: edit.text,
                                 action: existing == nil ? "created with a [tool.taintline] section"
                                     : edit.replaced ? "replaced its [tool.taintline] section (--force)" : "appended a [tool.taintline] section"))

        let preCommit = try read(".pre-commit-config.yaml")
        switch PreCommitEntry.apply(existing: preCommit) {
        case let .write(text):
            files.append(PlannedFile(path: ".pre-commit-config.yaml", contents: text,
                                     action: preCommit == nil ? "created with Taintline's hooks (repo: local)" : "added Taintline's hooks (repo: local)"))
            notes.append("pre-commit install   (the hooks run the taintline on PATH)")
        case .alreadyThere:
            files.append(PlannedFile(path: ".pre-commit-config.yaml", contents: nil, action: "unchanged: it already runs Taintline's hooks"))
        case let .byHand(reason):
            files.append(PlannedFile(path: ".pre-commit-config.yaml", contents: nil, action: "unchanged: \(reason)"))
            notes.append("add this entry to the repos: list of .pre-commit-config.yaml by hand:\n" + PreCommitEntry.entry(indent: 4))
        }

        let workflow = WorkflowFile.text(branch: options.branch)
        switch try read(WorkflowFile.path) {
        case nil:
            files.append(PlannedFile(path: WorkflowFile.path, contents: workflow, action: "created (scan, SARIF to code scanning, fail on high)"))
        case workflow?:
            files.append(PlannedFile(path: WorkflowFile.path, contents: nil, action: "unchanged: already as init writes it"))
        default:
            guard options.force else {
                throw SetupError("\(path(WorkflowFile.path)) exists: nothing written (pass --force to replace it)")
            }
            files.append(PlannedFile(path: WorkflowFile.path, contents: workflow, action: "replaced (--force)"))
        }
        notes.append("the workflow uses \(WorkflowFile.action) and scans pushes to \(options.branch) (--branch to change it)")
        if !translation.isEmpty {
            notes.append("once Taintline runs in CI, the bandit configuration and its CI step can go")
        }
        return Plan(folder: folder, files: files, translation: translation,
                    banditSources: Array(Set(settings.map(\.source))).sorted(), notes: notes)
    }
}
