import Findings
import Foundation
import Workspace

/// A bandit configuration in Taintline's terms: which keys became which `[tool.taintline]` keys,
/// and what could not be carried over (with why), so `taintline init` can say both.
public struct BanditTranslation: Equatable, Sendable {
    /// The keys the bandit settings became: `tests` (bandit runs only these) → `select`, `skips`
    /// → `ignore`, `exclude_dirs` (TOML) and `exclude` (INI) → `exclude`, `level`/`severity` →
    /// `severity`, `confidence` → `confidence`, `assert_used.skips` (files where bandit allows
    /// `assert`) → per-path ignores of the assert rule.
    public var configuration = StarterConfiguration()
    /// What was carried over, one line each: `skips B101, B601 (.bandit) → ignore TL-B101, TL-B601`.
    public var translated: [String] = []
    /// What was not, one line each with the reason.
    public var untranslated: [String] = []

    public init() {}

    /// Whether no key came out of the translation.
    public var isEmpty: Bool { configuration == StarterConfiguration() }

    /// Settings bandit reads that have no counterpart in the configuration, and what to do instead.
    static let knownElsewhere: [String: String] = [
        "targets": "Taintline scans the paths given on its command line (taintline scan PATH)",
        "recursive": "Taintline always walks folders recursively",
        "aggregate": "Taintline's reports group by file and rule already",
        "number": "the text report shows one line of context around each finding",
        "format": "choose the format on the command line (--format text|json|sarif|markdown|html)",
        "output": "choose the file on the command line (--output FILE)",
        "msg-template": "Taintline has no message templates; --format json gives every field",
        "verbose": "the text summary accounts for every file already",
        "debug": "no debug output to configure",
        "quiet": "no quiet mode to configure (--quiet silences the progress line)",
        "ignore-nosec": "Taintline always honours # nosec; drop the comments to see those findings",
        "baseline": "bandit's baseline is a bandit JSON report: write Taintline's with 'taintline baseline . --output FILE'",
        "profile": "bandit profiles have no counterpart: use select and ignore",
        "profiles": "bandit profiles have no counterpart: use select and ignore",
        "configfile": "the bandit configuration it names is not read; run taintline init where that file's settings live",
        "include": "bandit's file-name globs: Taintline scans Python files and templates by itself",
        "plugin_name_pattern": "Taintline has no plugins",
        "exclude_paths": "not a bandit setting (exclude_dirs is)",
    ]

    /// Translates `settings` with the rule catalog: bandit test ids become the ids of the rules
    /// whose aliases hold them (`B602` → `TL-B602`).
    public static func translate(_ settings: [BanditSetting], rules: [RuleDescriptor]) -> BanditTranslation {
        var byBanditID: [String: [String]] = [:]
        for rule in rules {
            for alias in rule.aliases where isBanditID(alias) { byBanditID[alias.uppercased(), default: []].append(rule.id) }
        }
        var result = BanditTranslation()
        for setting in settings {
            let key = setting.key.replacingOccurrences(of: "-", with: "_").lowercased()
            let shown = "\(setting.key) (\(setting.source))"
            switch key {
            case "skips", "tests":
                let (ids, unknown) = ruleIDs(setting.values, byBanditID)
                let target = key == "skips" ? "ignore" : "select"
                if !ids.isEmpty {
                    if key == "skips" { append(&result.configuration.ignore, ids) } else { append(&result.configuration.select, ids) }
                    result.translated.append("\(shown) \(setting.values.filter { !unknown.contains($0) }.joined(separator: ", ")) → \(target) \(ids.joined(separator: ", "))")
                }
                for id in unknown {
                    result.untranslated.append("\(shown) \(id): " + (isBanditID(id) ? "no Taintline rule checks what bandit's \(id.uppercased()) does" : "not a bandit test id"))
                }
                if key == "tests", !ids.isEmpty {
                    result.translated.append("  note: select reports only these rules; Taintline's own rules (web flows, secrets, dependencies) are off until added to select")
                }
            case "exclude_dirs", "exclude":
                // `.bandit` spells the list `exclude`; the TOML and YAML files `exclude_dirs`.
                for value in setting.values {
                    if let glob = excludeGlob(value) {
                        append(&result.configuration.exclude, [glob])
                        result.translated.append("\(shown) \(value) → exclude \"\(glob)\"")
                    } else {
                        result.untranslated.append("\(shown) \(value): not a path Taintline's globs can express")
                    }
                }
            case "level", "severity":
                guard let level = setting.values.first.flatMap(level) else {
                    result.untranslated.append("\(shown) \(setting.values.joined(separator: ",")): not a bandit level (all, low, medium, high)")
                    continue
                }
                if let severity = level.severity {
                    result.configuration.severity = severity
                    result.translated.append("\(shown) \(setting.values[0]) → severity \"\(severity.description.lowercased())\"")
                } else {
                    result.translated.append("\(shown) \(setting.values[0]) → no severity key (Taintline reports every severity by default)")
                }
            case "confidence":
                guard let level = setting.values.first.flatMap(level) else {
                    result.untranslated.append("\(shown) \(setting.values.joined(separator: ",")): not a bandit level (all, low, medium, high)")
                    continue
                }
                if let severity = level.severity, let confidence = Confidence(name: severity.description) {
                    result.configuration.confidence = confidence
                    result.translated.append("\(shown) \(setting.values[0]) → confidence \"\(confidence.description.lowercased())\"")
                } else {
                    result.translated.append("\(shown) \(setting.values[0]) → no confidence key (Taintline reports every confidence by default)")
                }
            case "assert_used.skips":
                let rules = byBanditID["B101"] ?? []
                guard !rules.isEmpty else {
                    result.untranslated.append("\(shown): no Taintline rule checks what bandit's B101 does")
                    continue
                }
                for pattern in setting.values {
                    if let glob = pathGlob(pattern) {
                        result.configuration.perPathIgnores[glob, default: []].append(contentsOf: rules.filter { !(result.configuration.perPathIgnores[glob] ?? []).contains($0) })
                        result.translated.append("\(shown) \(pattern) → per-path-ignores \"\(glob)\" = \(rules.joined(separator: ", "))")
                    } else {
                        result.untranslated.append("\(shown) \(pattern): not a path Taintline's globs can express")
                    }
                }
            default:
                let top = String(key.split(separator: ".").first ?? "")
                if let reason = knownElsewhere[key] ?? knownElsewhere[setting.key.lowercased()] {
                    result.untranslated.append("\(shown): \(reason)")
                } else if key.contains(".") {
                    result.untranslated.append("\(shown): settings of bandit's \(top) plugin have no Taintline counterpart")
                } else {
                    result.untranslated.append("\(shown): not a setting Taintline knows how to translate")
                }
            }
        }
        return result
    }

    static func isBanditID(_ text: String) -> Bool {
        let upper = Array(text.uppercased().utf8)
        return upper.count == 4 && upper[0] == UInt8(ascii: "B") && upper.dropFirst().allSatisfy { $0 >= 48 && $0 <= 57 }
    }

    /// The rule ids of `values` (bandit test ids), in order and once each, and the values no rule has.
    static func ruleIDs(_ values: [String], _ byBanditID: [String: [String]]) -> (ids: [String], unknown: [String]) {
        var ids: [String] = []
        var unknown: [String] = []
        for value in values {
            guard let rules = byBanditID[value.uppercased()] else { unknown.append(value); continue }
            append(&ids, rules)
        }
        return (ids, unknown)
    }

    static func append(_ list: inout [String], _ items: [String]) {
        for item in items where !list.contains(item) { list.append(item) }
    }

    /// A bandit level: all (no threshold) or a severity name; `.bandit` may also hold the count
    /// of `-l` flags bandit's command line uses (1 all, 2 low, 3 medium, 4 high).
    enum Level: Equatable {
        case all
        case at(Severity)
        var severity: Severity? { if case let .at(value) = self { return value } else { return nil } }
    }

    static func level(_ text: String) -> Level? {
        switch text.lowercased() {
        case "all", "undefined", "1": return .all
        case "low", "2": return .at(.low)
        case "medium", "3": return .at(.medium)
        case "high", "4": return .at(.high)
        default: return nil
        }
    }

    /// A bandit excluded path as a Taintline `exclude` glob. bandit leaves out a file when an
    /// excluded path is part of its path or matches it as an fnmatch pattern, so `/tests/`,
    /// `./tests` and `tests` all mean the folder named tests: `tests` (a glob without `/` matches
    /// a folder of that name at any depth).
    static func excludeGlob(_ value: String) -> String? {
        var text = value.trimmingCharacters(in: .whitespaces)
        while text.hasPrefix("./") { text.removeFirst(2) }
        let anywhere = text.hasPrefix("/")
        while text.hasPrefix("/") { text.removeFirst() }
        while text.hasSuffix("/*") { text.removeLast(2) }
        while text.hasSuffix("/") { text.removeLast() }
        guard !text.isEmpty, text != "." else { return nil }
        if anywhere && text.contains("/") { text = "**/" + text }
        return pathGlob(text)
    }

    /// An fnmatch pattern (whose `*` also crosses `/`) as a Taintline glob: a leading `*/` reaches
    /// any depth (`**/`); `nil` when the result is not a valid glob.
    static func pathGlob(_ pattern: String) -> String? {
        var text = pattern.trimmingCharacters(in: .whitespaces)
        while text.hasPrefix("./") { text.removeFirst(2) }
        if text.hasPrefix("*/") { text = "**/" + text.dropFirst(2) }
        guard !text.isEmpty, (try? Glob(text)) != nil else { return nil }
        return text
    }
}
