import Findings
import Foundation
import Workspace
import Yams

/// Why `taintline init` changes nothing: a file it would overwrite, or one it cannot safely edit.
public struct SetupError: Error, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// The `[tool.taintline]` section `taintline init` writes: the bandit settings it translated as
/// keys, the defaults as comments that say what each key does.
public struct StarterConfiguration: Equatable, Sendable {
    public var select: [String] = []
    public var ignore: [String] = []
    public var exclude: [String] = []
    public var severity: Severity?
    public var confidence: Confidence?
    public var perPathIgnores: [String: [String]] = [:]

    public init() {}

    /// The section as TOML, starting with its `[tool.taintline]` header.
    public func toml(translatedFromBandit: Bool) -> String {
        var lines = [
            "[tool.taintline]",
            "# Written by `taintline init` (Taintline \(taintlineVersion)). Every key is optional and the command",
            "# line overrides it; Docs/configuration.md lists them all.",
        ]
        if translatedFromBandit { lines.append("# Translated from the project's bandit configuration (see what taintline init printed).") }
        lines.append(select.isEmpty ? "# select = [\"ALL\"]              # only these rules (ids, B602-style aliases, CWE-89, A03, secrets...)"
                                    : "select = \(StarterConfiguration.array(select))")
        lines.append(ignore.isEmpty ? "# ignore = [\"TL-B311\"]          # never these" : "ignore = \(StarterConfiguration.array(ignore))")
        lines.append(severity.map { "severity = \(StarterConfiguration.string($0.description.lowercased()))" }
            ?? "# severity = \"info\"             # findings below it are counted, not shown")
        lines.append(confidence.map { "confidence = \(StarterConfiguration.string($0.description.lowercased()))" }
            ?? "# confidence = \"low\"")
        lines.append("# fail-on = \"low\"              # exit 1 when a finding at or above it remains")
        lines.append(exclude.isEmpty ? "# exclude = [\"migrations/**\"]   # besides .gitignore, virtualenvs and build folders"
                                     : "exclude = \(StarterConfiguration.array(exclude))")
        lines.append("# baseline = \".taintline-baseline.json\"   # adopting on old code: taintline baseline . --output .taintline-baseline.json")
        if !perPathIgnores.isEmpty {
            lines.append("")
            lines.append("[tool.taintline.per-path-ignores]")
            for pattern in perPathIgnores.keys.sorted() {
                lines.append("\(StarterConfiguration.string(pattern)) = \(StarterConfiguration.array(perPathIgnores[pattern] ?? []))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A TOML basic string.
    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    static func array(_ items: [String]) -> String {
        "[" + items.map(string).joined(separator: ", ") + "]"
    }
}

/// Adds the section to a `pyproject.toml`'s text without touching the rest.
public enum PyprojectEdit {
    /// The new text of `path` with `section` appended (the file is created when `existing` is nil).
    /// An existing Taintline table is replaced only with `force`; the result is checked with the
    /// configuration loader, so what is written is what a scan reads.
    public static func apply(existing: String?, section: String, force: Bool, path: String) throws -> (text: String, replaced: Bool) {
        guard var text = existing else {
            try check(section, path: path)
            return (section, false)
        }
        let document: [String: ConfigValue]
        do { document = try ConfigurationLoader.document(text, path: path) } catch {
            throw SetupError("\(error); fix it before running taintline init")
        }
        var replaced = false
        if document["tool"]?["taintline"] != nil {
            guard force else {
                throw SetupError("\(path) already has a [tool.taintline] section: nothing written (pass --force to replace it)")
            }
            text = removingTaintlineTables(text)
            let remaining = try? ConfigurationLoader.document(text, path: path)
            guard let remaining, remaining["tool"]?["taintline"] == nil else {
                throw SetupError("\(path) sets tool.taintline with dotted keys or an inline table, which --force cannot replace: edit it by hand")
            }
            replaced = true
        }
        while text.hasSuffix("\n\n") { text.removeLast() }
        if !text.isEmpty && !text.hasSuffix("\n") { text += "\n" }
        let result = text + (text.isEmpty ? "" : "\n") + section
        try check(result, path: path)
        return (result, replaced)
    }

    /// The text without its `[tool.taintline]` and `[tool.taintline.*]` tables (header to the next
    /// header of another table). Lines inside multi-line strings are never taken for headers.
    static func removingTaintlineTables(_ text: String) -> String {
        var kept: [Substring] = []
        var skipping = false
        var inString: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if inString == nil, let path = ConfigurationLoader.tablePath(ofHeader: line) {
                skipping = path.count >= 2 && path[0] == "tool" && path[1] == "taintline"
            }
            for delimiter in ["\"\"\"", "'''"] where inString == nil || inString == delimiter {
                if line.components(separatedBy: delimiter).count % 2 == 0 { inString = inString == nil ? delimiter : nil }
            }
            if !skipping { kept.append(line) }
        }
        return kept.joined(separator: "\n")
    }

    /// Loads `text` as the configuration loader does: it must parse and hold a Taintline table.
    static func check(_ text: String, path: String) throws {
        do {
            guard try ConfigurationLoader.parse(text, path: path, kind: .pyproject) != nil else {
                throw SetupError("internal error: the written \(path) would have no [tool.taintline] table")
            }
        } catch let error as ConfigurationError {
            throw SetupError("internal error: the written \(path) would not load (\(error)); nothing written")
        }
    }
}

/// The pre-commit entry: Taintline's three hooks as a `repo: local` entry, which runs the
/// `taintline` on PATH (the pip wheel installs it), so it needs no published hook repository.
/// The same hooks as this repository's `.pre-commit-hooks.yaml` (a test keeps them equal).
public enum PreCommitEntry {
    public static let hookIDs = ["taintline", "taintline-secrets", "taintline-deps"]

    /// The entry as a `repos:` list item, indented by `indent` spaces.
    public static func entry(indent: Int) -> String {
        let pad = String(repeating: " ", count: indent)
        return """
        - repo: local  # Taintline's hooks run the taintline on PATH (pip install taintline)
          hooks:
          - id: taintline
            name: taintline (code)
            entry: taintline scan --skip secrets --skip dependencies --skip project
            language: system
            types_or: [python, pyi, jinja, html]
            require_serial: true
          - id: taintline-secrets
            name: taintline (secrets)
            entry: taintline secrets
            language: system
            types: [text]
            require_serial: true
          - id: taintline-deps
            name: taintline (dependencies)
            entry: taintline deps .
            language: system
            files: (^|/)(requirements[^/]*\\.txt|constraints[^/]*\\.txt|requirements/[^/]*\\.txt|pyproject\\.toml|setup\\.cfg|Pipfile|Pipfile\\.lock|poetry\\.lock|uv\\.lock|pdm\\.lock|pylock(\\.[^/]+)?\\.toml)$
            pass_filenames: false
        """.split(separator: "\n").map { pad + $0 }.joined(separator: "\n") + "\n"
    }

    /// What to do with a `.pre-commit-config.yaml`.
    public enum Outcome: Equatable {
        /// Write this text.
        case write(String)
        /// The file already runs Taintline's hooks.
        case alreadyThere
        /// The file cannot be edited safely (flow style, no `repos:`): add the entry by hand.
        case byHand(reason: String)
    }

    /// The file's new text with the entry added at the end of its `repos:` list (created when
    /// `existing` is nil), checked by parsing the result.
    public static func apply(existing: String?) -> Outcome {
        guard let existing else { return .write("# See https://pre-commit.com\nrepos:\n" + entry(indent: 0)) }
        let parsed: Any?
        do { parsed = try Yams.load(yaml: existing) } catch { return .byHand(reason: "it is not valid YAML (\(error))") }
        if let root = parsed as? [String: Any], let repos = root["repos"] as? [[String: Any]] {
            let ids = repos.flatMap { ($0["hooks"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String } }
            if ids.contains(where: hookIDs.contains) { return .alreadyThere }
        }
        var lines = existing.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        guard let reposLine = lines.firstIndex(where: { $0.hasPrefix("repos:") }) else {
            return .byHand(reason: "it has no top-level repos: list")
        }
        let rest = lines[reposLine].dropFirst("repos:".count).trimmingCharacters(in: .whitespaces)
        guard rest.isEmpty || rest.hasPrefix("#") else { return .byHand(reason: "its repos: list is written in flow style") }
        // The list's items start with "- " at one indentation; the list ends at the first line
        // with content less indented, or as indented but not an item.
        var indent: Int?
        var last = reposLine
        for index in (reposLine + 1)..<lines.count {
            let line = lines[index]
            let content = line.drop(while: { $0 == " " })
            if content.isEmpty || content.hasPrefix("#") { continue }
            let depth = line.count - content.count
            if indent == nil {
                guard content.hasPrefix("-") else { break }
                indent = depth
            }
            guard let indent, depth > indent || (depth == indent && content.hasPrefix("-")) else { break }
            last = index
        }
        lines.insert(contentsOf: entry(indent: indent ?? 0).split(separator: "\n").map(String.init), at: last + 1)
        let text = lines.joined(separator: "\n") + "\n"
        guard let root = (try? Yams.load(yaml: text)) as? [String: Any], let repos = root["repos"] as? [[String: Any]],
              repos.contains(where: { ($0["repo"] as? String) == "local" && (($0["hooks"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []) == hookIDs })
        else {
            return .byHand(reason: "its layout could not be followed")
        }
        return .write(text)
    }
}

/// The GitHub workflow `taintline init` writes: the scan on pushes and pull requests through
/// this repository's composite action (action.yml), SARIF uploaded to code scanning.
public enum WorkflowFile {
    public static let path = ".github/workflows/taintline.yml"

    /// The action reference the workflow uses (this repository at this version's tag).
    public static let action = "taintline/taintline@v\(taintlineVersion)"

    public static func text(branch: String = "main") -> String {
        """
        # Written by `taintline init` (Taintline \(taintlineVersion)): Taintline on pushes to \(branch) and on
        # pull requests. Every finding goes to GitHub code scanning (the Security tab and the pull
        # request's checks); the job fails on findings at or above fail-on, on a pull request only on
        # the lines it changes. Docs/ci.md in Taintline's repository explains the inputs.
        name: taintline

        on:
          push:
            branches: [\(branch)]
          pull_request:

        permissions:
          contents: read
          security-events: write  # to upload the SARIF report

        jobs:
          taintline:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v5
                with:
                  fetch-depth: 0  # --diff-base needs the pull request's base commit
              - uses: \(action)
                with:
                  path: .
                  fail-on: high
                  diff-base: ${{ github.event.pull_request.base.sha }}

        """
    }
}
