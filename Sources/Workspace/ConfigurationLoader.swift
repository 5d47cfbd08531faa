import Findings
import Foundation
import TOMLKit

/// Finds, reads and checks the configuration.
///
/// Discovery (no `--config`): from the scan root up to the git root (a folder with `.git`) or the
/// filesystem root, the first folder with a `.taintline.toml`, or a `pyproject.toml` that has a
/// `[tool.taintline]` table, wins; in one folder `.taintline.toml` comes first.
public enum ConfigurationLoader {
    /// Where the keys live in a file.
    public enum Kind: Sendable {
        /// `pyproject.toml`: under `[tool.taintline]`.
        case pyproject
        /// `.taintline.toml` or any other file given with `--config`: top-level keys.
        case standalone

        var tablePath: [String] { self == .pyproject ? ["tool", "taintline"] : [] }
    }

    /// Scalar and list keys, and what they hold.
    static let keys: Set<String> = ["select", "ignore", "per-path-ignores", "severity", "confidence", "fail-on", "exclude",
                                    "include", "baseline", "exit-zero", "allow-failed-files", "cache-dir", "fix", "unsafe-fixes"]

    /// Nested tables kept raw for the analyses that own them. Add a name here when a module gains
    /// settings of its own; any other table is an unknown key (a typo must not pass silently).
    public static let sectionNames: Set<String> = ["secrets", "deps", "probe", "rules"]

    /// The configuration for a run.
    /// - Parameters:
    ///   - explicitPath: `--config FILE`; read even when discovery would find another file.
    ///   - noConfig: `--no-config`: use none (an empty configuration).
    ///   - scanRoot: the first path to scan (a file or a folder); discovery starts at it.
    /// - Returns: an empty `Configuration` (with `path == nil`) when there is no file.
    public static func load(explicitPath: String?, noConfig: Bool, scanRoot: String) throws -> Configuration {
        if noConfig { return Configuration() }
        if let explicitPath {
            let kind: Kind = (explicitPath as NSString).lastPathComponent == "pyproject.toml" ? .pyproject : .standalone
            let text = try read(explicitPath)
            return try parse(text, path: explicitPath, kind: kind) ?? Configuration(path: explicitPath)
        }
        guard let (path, kind, text) = try discover(from: scanRoot) else { return Configuration() }
        return try parse(text, path: path, kind: kind) ?? Configuration()
    }

    /// The configuration file that applies to `scanRoot`, its kind and its text, or `nil`.
    public static func discover(from scanRoot: String) throws -> (path: String, kind: Kind, text: String)? {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        let absolute = scanRoot.hasPrefix("/") ? scanRoot : (manager.currentDirectoryPath as NSString).appendingPathComponent(scanRoot)
        var directory = (absolute as NSString).standardizingPath
        if manager.fileExists(atPath: directory, isDirectory: &isDirectory), !isDirectory.boolValue {
            directory = (directory as NSString).deletingLastPathComponent
        }
        // Bounded: one step up per path component.
        for _ in 0..<256 {
            let standalone = (directory as NSString).appendingPathComponent(".taintline.toml")
            if manager.fileExists(atPath: standalone) {
                return (standalone, .standalone, try read(standalone))
            }
            let pyproject = (directory as NSString).appendingPathComponent("pyproject.toml")
            if manager.fileExists(atPath: pyproject) {
                let text = try read(pyproject)
                // Cheap check first: most pyproject.toml files have no Taintline table.
                if text.contains("taintline"), try parse(text, path: pyproject, kind: .pyproject) != nil {
                    return (pyproject, .pyproject, text)
                }
            }
            let gitMarker = (directory as NSString).appendingPathComponent(".git")
            if manager.fileExists(atPath: gitMarker) || directory == "/" || directory.isEmpty { return nil }
            directory = (directory as NSString).deletingLastPathComponent
        }
        return nil
    }

    static func read(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw ConfigurationError(path: path, message: exists ? "cannot be read" : "no such file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError(path: path, message: "is not valid UTF-8")
        }
        return text
    }

    /// Parses and checks one file. `nil` when a `pyproject.toml` has no `[tool.taintline]` table.
    public static func parse(_ text: String, path: String, kind: Kind) throws -> Configuration? {
        let locator = KeyLocator(text: text)
        var table = try document(text, path: path)
        for component in kind.tablePath {
            guard let next = table[component] else { return nil }
            guard case let .table(members) = next else {
                throw ConfigurationError(path: path, line: locator.line(ofKey: component, inTable: []), key: component, message: "must be a table")
            }
            table = members
        }
        return try Checker(path: path, table: table, tablePath: kind.tablePath, locator: locator).configuration()
    }

    /// A whole TOML document as values (for `taintline init`, which reads other tools' tables).
    /// A syntax error is a `ConfigurationError` with its line and column.
    public static func document(_ text: String, path: String) throws -> [String: ConfigValue] {
        do {
            return convert(try TOMLTable(string: text))
        } catch let error as TOMLParseError {
            throw ConfigurationError(path: path, line: error.source.begin.line, column: error.source.begin.column,
                                     message: "invalid TOML: \(error.description)")
        }
    }

    /// The table path a `[header]` or `[[header]]` line names (`[tool."taintline"]` →
    /// `["tool", "taintline"]`), or `nil` when the line is not a header.
    public static func tablePath(ofHeader line: Substring) -> [String]? {
        let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
        guard trimmed.hasPrefix("[") else { return nil }
        return KeyLocator.headerPath(trimmed)
    }

    static func convert(_ table: TOMLTable) -> [String: ConfigValue] {
        var members: [String: ConfigValue] = [:]
        for (key, value) in table { members[key] = convert(value) }
        return members
    }

    static func convert(_ value: TOMLValueConvertible) -> ConfigValue {
        switch value.type {
        case .string: return .string(value.string ?? "")
        case .int: return .integer(value.int ?? 0)
        case .double: return .float(value.double ?? 0)
        case .bool: return .boolean(value.bool ?? false)
        case .date, .time, .dateTime: return .datetime(value.debugDescription)
        case .array: return .array((value.array.map { Array($0) } ?? []).map { convert($0) })
        case .table: return .table(value.table.map(convert) ?? [:])
        }
    }

    /// Checks keys and types and builds the `Configuration`.
    struct Checker {
        var path: String
        var table: [String: ConfigValue]
        var tablePath: [String]
        var locator: KeyLocator

        func error(_ key: String, _ message: String, section: String? = nil) -> ConfigurationError {
            var where_ = tablePath
            if let section { where_.append(section) }
            let shown = section.map { "\($0).\(key)" } ?? key
            return ConfigurationError(path: path, line: locator.line(ofKey: key, inTable: where_), key: shown, message: message)
        }

        func configuration() throws -> Configuration {
            var configuration = Configuration(path: path)
            for key in table.keys.sorted() {
                guard let value = table[key] else { continue }
                if ConfigurationLoader.sectionNames.contains(key) {
                    guard case .table = value else { throw error(key, "must be a table ([\((tablePath + [key]).joined(separator: "."))]), not \(value.typeName)") }
                    configuration.sections[key] = value
                    continue
                }
                guard ConfigurationLoader.keys.contains(key) else { throw error(key, unknownKeyMessage(key)) }
                switch key {
                case "select": configuration.select = try strings(key, value)
                case "ignore": configuration.ignore = try strings(key, value)
                case "exclude": configuration.exclude = try strings(key, value)
                case "include": configuration.include = try strings(key, value)
                case "severity": configuration.severity = try severity(key, value)
                case "fail-on": configuration.failOn = try severity(key, value)
                case "confidence":
                    guard let text = value.string else { throw error(key, "must be a string (low, medium or high), not \(value.typeName)") }
                    guard let level = Confidence(name: text) else { throw error(key, "unknown confidence '\(text)' (use low, medium or high)") }
                    configuration.confidence = level
                case "baseline":
                    guard let text = value.string else { throw error(key, "must be a string (a file path), not \(value.typeName)") }
                    configuration.baseline = text
                case "cache-dir":
                    guard let text = value.string else { throw error(key, "must be a string (a folder path), not \(value.typeName)") }
                    configuration.cacheDir = text
                case "exit-zero": configuration.exitZero = try boolean(key, value)
                case "allow-failed-files": configuration.allowFailedFiles = try boolean(key, value)
                case "fix": configuration.fix = try boolean(key, value)
                case "unsafe-fixes": configuration.unsafeFixes = try boolean(key, value)
                case "per-path-ignores": configuration.perPathIgnores = try perPathIgnores(value)
                default: throw error(key, unknownKeyMessage(key))
                }
            }
            return configuration
        }

        func unknownKeyMessage(_ key: String) -> String {
            let kebab = key.replacingOccurrences(of: "_", with: "-")
            if kebab != key, ConfigurationLoader.keys.contains(kebab) { return "unknown key (did you mean '\(kebab)'?)" }
            let known = (ConfigurationLoader.keys.union(ConfigurationLoader.sectionNames)).sorted().joined(separator: ", ")
            return "unknown key (known keys: \(known))"
        }

        func strings(_ key: String, _ value: ConfigValue, section: String? = nil) throws -> [String] {
            guard case let .array(items) = value else { throw error(key, "must be an array of strings, not \(value.typeName)", section: section) }
            return try items.map { item in
                guard let text = item.string else { throw error(key, "must be an array of strings; found \(item.typeName) in it", section: section) }
                return text
            }
        }

        func severity(_ key: String, _ value: ConfigValue) throws -> Severity {
            guard let text = value.string else { throw error(key, "must be a string (info, low, medium, high or critical), not \(value.typeName)") }
            guard let level = Severity(name: text) else { throw error(key, "unknown severity '\(text)' (use info, low, medium, high or critical)") }
            return level
        }

        func boolean(_ key: String, _ value: ConfigValue) throws -> Bool {
            guard let flag = value.boolean else { throw error(key, "must be true or false, not \(value.typeName)") }
            return flag
        }

        func perPathIgnores(_ value: ConfigValue) throws -> [Configuration.PerPathIgnore] {
            guard case let .table(members) = value else {
                throw error("per-path-ignores", "must be a table of glob = [rule ids], not \(value.typeName)")
            }
            return try members.keys.sorted().map { pattern in
                let rules = try strings(pattern, members[pattern] ?? .array([]), section: "per-path-ignores")
                let line = locator.line(ofKey: pattern, inTable: tablePath + ["per-path-ignores"])
                return Configuration.PerPathIgnore(pattern: pattern, rules: rules, line: line)
            }
        }
    }
}

/// Finds the line a key is written on, for messages about values (TOMLKit reports positions only
/// for syntax errors). Understands `[table]` headers, bare and quoted keys, dotted keys and inline
/// tables well enough for error messages; falls back to the first line that starts with the key.
struct KeyLocator {
    let lines: [Substring]

    init(text: String) {
        lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
    }

    func line(ofKey key: String, inTable table: [String]) -> Int? {
        var current: [String] = []
        var fallback: Int?
        for (index, raw) in lines.enumerated() {
            let line = raw.drop(while: { $0 == " " || $0 == "\t" })
            if line.hasPrefix("[") {
                current = KeyLocator.headerPath(line)
                // `[tool.taintline.secrets]` or `[[tool.taintline.key]]` introduces `key` itself.
                if current.count > table.count, Array(current[..<table.count]) == table, current[table.count] == key { return index + 1 }
                continue
            }
            guard let rest = KeyLocator.afterKey(line, key) else {
                // Inside an inline table or a dotted key: `per-path-ignores = { "tests/**" = [...] }`.
                if fallback == nil, KeyLocator.containsKey(line, key) { fallback = index + 1 }
                continue
            }
            _ = rest
            if current == table { return index + 1 }
            // `[tool]` + `taintline.select = ...`: a dotted key below a parent table.
            if fallback == nil { fallback = index + 1 }
        }
        // Dotted keys: `taintline.select = [...]` under `[tool]`.
        if let dotted = table.last, table.count >= 1 {
            let parent = Array(table.dropLast())
            var current: [String] = []
            for (index, raw) in lines.enumerated() {
                let line = raw.drop(while: { $0 == " " || $0 == "\t" })
                if line.hasPrefix("[") { current = KeyLocator.headerPath(line); continue }
                if current == parent, line.hasPrefix(dotted + "."), KeyLocator.afterKey(line.dropFirst(dotted.count + 1), key) != nil {
                    return index + 1
                }
            }
        }
        return fallback
    }

    /// `[tool.taintline."per-path-ignores"]` → ["tool", "taintline", "per-path-ignores"].
    static func headerPath(_ line: Substring) -> [String] {
        var inner = line.drop(while: { $0 == "[" })
        if let close = inner.firstIndex(of: "]") { inner = inner[..<close] }
        var parts: [String] = []
        var current = ""
        var quote: Character?
        for character in inner {
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "." {
                parts.append(current.trimmingWhitespace())
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(current.trimmingWhitespace())
        return parts
    }

    /// The text after `key =` (or `key.`) when the line starts with the key, bare or quoted.
    static func afterKey(_ line: Substring, _ key: String) -> Substring? {
        for spelling in [key, "\"\(key)\"", "'\(key)'"] where line.hasPrefix(spelling) {
            let rest = line.dropFirst(spelling.count).drop(while: { $0 == " " || $0 == "\t" })
            if rest.hasPrefix("=") || rest.hasPrefix(".") { return rest }
        }
        return nil
    }

    static func containsKey(_ line: Substring, _ key: String) -> Bool {
        for spelling in ["\"\(key)\"", "'\(key)'", key] {
            var rest = line[...]
            while let range = rest.range(of: spelling) {
                let after = rest[range.upperBound...].drop(while: { $0 == " " || $0 == "\t" })
                let before = rest[..<range.lowerBound].last
                let boundary = before == nil || before == " " || before == "{" || before == "," || before == "\t"
                if boundary, after.hasPrefix("=") { return true }
                rest = rest[range.upperBound...]
            }
        }
        return false
    }
}

private extension String {
    func trimmingWhitespace() -> String { trimmingCharacters(in: .whitespaces) }
}
