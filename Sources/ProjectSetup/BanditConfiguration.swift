import Foundation
import Workspace

/// One setting of an existing bandit configuration, as written.
public struct BanditSetting: Equatable, Sendable {
    /// Where it was read: `pyproject.toml [tool.bandit]` or `.bandit`.
    public var source: String
    /// The key as written (`skips`, `exclude_dirs`, `assert_used.skips`, `level`).
    public var key: String
    /// The value split into items (a TOML array, or an INI comma-separated list); a scalar is one item.
    public var values: [String]

    public init(source: String, key: String, values: [String]) {
        self.source = source
        self.key = key
        self.values = values
    }
}

/// Reads the two places bandit takes a project's settings from: `[tool.bandit]` in
/// `pyproject.toml` (bandit's TOML configuration, `bandit -c pyproject.toml`) and the `.bandit` INI
/// file (its `[bandit]` section holds command-line options). Nothing is interpreted here; see
/// `BanditTranslation`.
public enum BanditConfiguration {
    public static let pyprojectSource = "pyproject.toml [tool.bandit]"
    public static let iniSource = ".bandit"

    /// The settings of `[tool.bandit]` in a parsed `pyproject.toml`, keys in order. A nested table
    /// (a plugin's settings, `[tool.bandit.assert_used]`) gives dotted keys.
    public static func settings(pyproject document: [String: ConfigValue]) -> [BanditSetting] {
        guard let bandit = document["tool"]?["bandit"]?.table else { return [] }
        var result: [BanditSetting] = []
        func walk(_ table: [String: ConfigValue], prefix: String) {
            for key in table.keys.sorted() {
                guard let value = table[key] else { continue }
                if case let .table(members) = value {
                    walk(members, prefix: prefix + key + ".")
                } else {
                    result.append(BanditSetting(source: pyprojectSource, key: prefix + key, values: items(value)))
                }
            }
        }
        walk(bandit, prefix: "")
        return result
    }

    /// The `[bandit]` section of a `.bandit` file, as Python's configparser reads it: `key = value`
    /// or `key: value`, `#` and `;` comment lines, indented continuation lines. Values are
    /// comma-separated lists. Other sections are ignored, as bandit ignores them.
    public static func settings(ini text: String) -> [BanditSetting] {
        var result: [BanditSetting] = []
        var inBandit = false
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            let line = String(raw)
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { continue }
            if trimmed.hasPrefix("[") && trimmed.hasSuffix("]") {
                inBandit = trimmed.dropFirst().dropLast().trimmingCharacters(in: .whitespaces).lowercased() == "bandit"
                continue
            }
            guard inBandit else { continue }
            if line.first == " " || line.first == "\t", !result.isEmpty {
                // A continuation line extends the previous value.
                result[result.count - 1].values += list(stripComment(trimmed))
                continue
            }
            guard let separator = trimmed.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                result.append(BanditSetting(source: iniSource, key: trimmed, values: []))
                continue
            }
            let key = trimmed[..<separator].trimmingCharacters(in: .whitespaces).lowercased()
            let value = stripComment(trimmed[trimmed.index(after: separator)...].trimmingCharacters(in: .whitespaces))
            result.append(BanditSetting(source: iniSource, key: key, values: list(value)))
        }
        return result
    }

    /// `[tool.bandit]` of `folder/pyproject.toml` and the `[bandit]` section of `folder/.bandit`
    /// (both when both exist). Throws `ConfigurationError` when pyproject.toml is not valid TOML.
    public static func read(folder: String) throws -> [BanditSetting] {
        var result: [BanditSetting] = []
        let pyproject = (folder as NSString).appendingPathComponent("pyproject.toml")
        if let text = readText(pyproject) {
            result += settings(pyproject: try ConfigurationLoader.document(text, path: pyproject))
        }
        if let text = readText((folder as NSString).appendingPathComponent(".bandit")) {
            result += settings(ini: text)
        }
        return result
    }

    static func readText(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// configparser keeps `# ...` after a value; bandit would then read it as part of the list.
    /// A space before the comment character marks a comment users meant.
    static func stripComment(_ value: String) -> String {
        for marker in [" #", " ;", "\t#", "\t;"] {
            if let range = value.range(of: marker) { return String(value[..<range.lowerBound]).trimmingCharacters(in: .whitespaces) }
        }
        return value
    }

    /// `B101, B102` → ["B101", "B102"]; an empty value → [].
    static func list(_ value: String) -> [String] {
        value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func items(_ value: ConfigValue) -> [String] {
        switch value {
        case let .array(members): return members.flatMap(items)
        case let .string(text): return list(text)
        case let .integer(number): return [String(number)]
        case let .boolean(flag): return [flag ? "true" : "false"]
        case let .float(number): return [String(number)]
        case let .datetime(text): return [text]
        case .table: return []
        }
    }
}
