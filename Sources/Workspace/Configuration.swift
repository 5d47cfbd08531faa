import Findings
import Foundation

/// Taintline's settings from `pyproject.toml` (`[tool.taintline]`), `.taintline.toml` (top-level
/// keys) or a file named with `--config`. Every key is optional; command-line options override
/// them. Paths in it (`baseline`, `exclude`, `include`, `per-path-ignores` globs) are relative to
/// `directory`, the folder that holds the file.
public struct Configuration: Sendable {
    /// One `per-path-ignores` entry, with the line it was written on (for error messages).
    public struct PerPathIgnore: Hashable, Sendable {
        public var pattern: String
        public var rules: [String]
        public var line: Int?

        public init(pattern: String, rules: [String], line: Int? = nil) {
            self.pattern = pattern
            self.rules = rules
            self.line = line
        }
    }

    /// The file the settings came from; `nil` when there is none.
    public var path: String?
    public var select: [String]?
    public var ignore: [String]?
    /// Sorted by pattern.
    public var perPathIgnores: [PerPathIgnore]
    public var severity: Severity?
    public var confidence: Confidence?
    public var failOn: Severity?
    public var exclude: [String]?
    public var include: [String]?
    /// As written; see `baselinePath` for the resolved path.
    public var baseline: String?
    public var exitZero: Bool?
    public var allowFailedFiles: Bool?
    /// The scan cache folder as written; see `cacheDirectory` for the resolved path.
    public var cacheDir: String?
    /// `fix = true`: `taintline scan` applies safe fixes as if `--fix` were given (`--no-fix` overrides).
    public var fix: Bool?
    /// `unsafe-fixes = true`: unsafe fixes count as applicable as if `--unsafe-fixes` were given
    /// (`--no-unsafe-fixes` overrides).
    public var unsafeFixes: Bool?
    /// Nested tables for the analyses (`secrets`, `deps`, ...), raw, by name.
    public var sections: [String: ConfigValue]

    public init(path: String? = nil, select: [String]? = nil, ignore: [String]? = nil, perPathIgnores: [PerPathIgnore] = [],
                severity: Severity? = nil, confidence: Confidence? = nil, failOn: Severity? = nil, exclude: [String]? = nil,
                include: [String]? = nil, baseline: String? = nil, exitZero: Bool? = nil, allowFailedFiles: Bool? = nil,
                sections: [String: ConfigValue] = [:]) {
        self.path = path
        self.select = select
        self.ignore = ignore
        self.perPathIgnores = perPathIgnores
        self.severity = severity
        self.confidence = confidence
        self.failOn = failOn
        self.exclude = exclude
        self.include = include
        self.baseline = baseline
        self.exitZero = exitZero
        self.allowFailedFiles = allowFailedFiles
        self.sections = sections
    }

    /// The folder holding the configuration file (paths in it are relative to this), or `nil`.
    public var directory: String? {
        path.map { (($0 as NSString).deletingLastPathComponent as NSString).standardizingPath }
    }

    /// `baseline`, resolved against `directory`.
    public var baselinePath: String? {
        guard let baseline else { return nil }
        return Configuration.resolve(baseline, against: directory)
    }

    /// `cache-dir`, resolved against `directory`.
    public var cacheDirectory: String? {
        guard let cacheDir else { return nil }
        return Configuration.resolve(cacheDir, against: directory)
    }

    /// A nested table (`[tool.taintline.secrets]` is `section("secrets")`), or `nil`.
    public func section(_ name: String) -> ConfigValue? { sections[name] }

    /// A nested table as JSON, so a module that does not depend on Workspace can decode its own
    /// settings type with `JSONDecoder`. `nil` when the table is absent.
    public func sectionJSON(_ name: String) -> Data? {
        guard let value = sections[name] else { return nil }
        return try? JSONSerialization.data(withJSONObject: value.jsonObject, options: [.sortedKeys])
    }

    /// The line of `key` in the configuration file (best effort), for messages about its value.
    public func line(ofKey key: String, inSection section: String? = nil) -> Int? {
        guard let path, let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let kind: ConfigurationLoader.Kind = (path as NSString).lastPathComponent == "pyproject.toml" ? .pyproject : .standalone
        var table = kind.tablePath
        if let section { table.append(section) }
        return KeyLocator(text: text).line(ofKey: key, inTable: table)
    }

    static func resolve(_ path: String, against directory: String?) -> String {
        if path.hasPrefix("/") { return (path as NSString).standardizingPath }
        guard let directory else { return path }
        return ((directory as NSString).appendingPathComponent(path) as NSString).standardizingPath
    }
}

/// A TOML value with no TOMLKit types in it: sendable, comparable, and readable by any module.
public indirect enum ConfigValue: Hashable, Sendable {
    case string(String)
    case integer(Int)
    case float(Double)
    case boolean(Bool)
    /// Dates and times, in their TOML spelling.
    case datetime(String)
    case array([ConfigValue])
    case table([String: ConfigValue])

    public var string: String? { if case let .string(value) = self { return value } else { return nil } }
    public var integer: Int? { if case let .integer(value) = self { return value } else { return nil } }
    public var boolean: Bool? { if case let .boolean(value) = self { return value } else { return nil } }
    public var array: [ConfigValue]? { if case let .array(value) = self { return value } else { return nil } }
    public var table: [String: ConfigValue]? { if case let .table(value) = self { return value } else { return nil } }
    public subscript(key: String) -> ConfigValue? { table?[key] }

    /// The value as `JSONSerialization` objects.
    public var jsonObject: Any {
        switch self {
        case let .string(value), let .datetime(value): return value
        case let .integer(value): return value
        case let .float(value): return value
        case let .boolean(value): return value
        case let .array(values): return values.map(\.jsonObject)
        case let .table(members): return members.mapValues(\.jsonObject)
        }
    }

    /// The TOML type name used in error messages.
    var typeName: String {
        switch self {
        case .string: return "a string"
        case .integer: return "an integer"
        case .float: return "a float"
        case .boolean: return "a boolean"
        case .datetime: return "a date"
        case .array: return "an array"
        case .table: return "a table"
        }
    }
}

/// A configuration that cannot be used: the file, the line, the key, and what is wrong.
/// Commands print it and exit with status 2.
public struct ConfigurationError: Error, Equatable, CustomStringConvertible {
    public var path: String
    public var line: Int?
    public var column: Int?
    public var key: String?
    public var message: String

    public init(path: String, line: Int? = nil, column: Int? = nil, key: String? = nil, message: String) {
        self.path = path
        self.line = line
        self.column = column
        self.key = key
        self.message = message
    }

    public var description: String {
        var place = path
        if let line { place += ":\(line)" }
        if let column { place += ":\(column)" }
        let subject = key.map { "'\($0)': " } ?? ""
        return "\(place): configuration error: \(subject)\(message)"
    }
}
