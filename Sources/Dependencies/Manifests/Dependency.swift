// The common model every manifest and lock-file reader produces.

/// Which kind of file a dependency was read from.
public enum ManifestKind: String, Sendable, CaseIterable {
    case requirements = "requirements file"
    case constraints = "constraints file"
    case pyproject = "pyproject.toml"
    case setupCfg = "setup.cfg"
    case pipfile = "Pipfile"
    case poetryLock = "poetry.lock"
    case pipfileLock = "Pipfile.lock"
    case uvLock = "uv.lock"
    case pdmLock = "pdm.lock"
    case pylock = "pylock.toml"
    case installed = "installed environment"

    /// Lock files and installed environments give exact versions for every package.
    public var isLock: Bool {
        switch self {
        case .poetryLock, .pipfileLock, .uvLock, .pdmLock, .pylock, .installed: return true
        default: return false
        }
    }
}

/// One dependency as a manifest states it.
public struct Dependency: Hashable, Sendable {
    /// The name as written.
    public var name: String
    /// PEP 503 normalised.
    public var normalizedName: String
    /// Acceptable versions; several sets mean "any of them" (Poetry's `||`). Empty: any version.
    public var alternatives: [SpecifierSet]
    /// The exact version when the manifest pins or locks one.
    public var exactVersion: Version?
    /// The exact version as written (for messages and `--fix`).
    public var exactVersionText: String?
    /// A direct URL, VCS reference or local path instead of a version.
    public var url: String?
    public var editable: Bool
    public var hashes: [String]
    public var marker: Marker?
    public var extras: [String]
    /// Display path of the manifest.
    public var file: String
    /// 1-based line of the requirement.
    public var line: Int
    public var kind: ManifestKind
    /// The requirement as written (one logical line), for snippets.
    public var text: String
    /// Group (`dev`, `optional:web`, ...) when the manifest has groups.
    public var group: String?

    public init(name: String, alternatives: [SpecifierSet] = [], exactVersion: Version? = nil, exactVersionText: String? = nil, url: String? = nil,
                editable: Bool = false, hashes: [String] = [], marker: Marker? = nil, extras: [String] = [], file: String, line: Int,
                kind: ManifestKind, text: String, group: String? = nil) {
        self.name = name
        self.normalizedName = normalizePackageName(name)
        self.alternatives = alternatives
        self.exactVersion = exactVersion
        self.exactVersionText = exactVersionText
        self.url = url
        self.editable = editable
        self.hashes = hashes
        self.marker = marker
        self.extras = extras
        self.file = file
        self.line = line
        self.kind = kind
        self.text = text
        self.group = group
    }

    /// From a PEP 508 requirement: `==X` / `===X` become the exact version.
    init(requirement: Requirement, file: String, line: Int, kind: ManifestKind, text: String, group: String? = nil) {
        self.init(name: requirement.name, alternatives: requirement.specifiers.isEmpty ? [] : [requirement.specifiers],
                  exactVersion: requirement.specifiers.pinnedVersion, exactVersionText: requirement.specifiers.pinnedVersion == nil ? nil : requirement.specifiers.specifiers.first?.versionText,
                  url: requirement.url, marker: requirement.marker, extras: requirement.extras, file: file, line: line, kind: kind, text: text, group: group)
    }

    /// Whether any version is acceptable (no specifier, no pin, no URL).
    public var isUnconstrained: Bool { alternatives.isEmpty && exactVersion == nil && url == nil }

    /// Whether `version` is acceptable under the stated specifiers.
    func admits(_ version: Version) -> Bool {
        alternatives.isEmpty || alternatives.contains { $0.contains(version) }
    }
}

/// What reading one manifest produced.
public struct ManifestReading: Sendable {
    public var file: String
    public var kind: ManifestKind
    public var dependencies: [Dependency] = []
    /// Problems worth telling the user (bad lines skipped, include cycles, ...).
    public var notices: [String] = []
    /// Files read through `-r`/`-c` includes (display paths), so discovery does not read them twice.
    public var included: [String] = []

    public init(file: String, kind: ManifestKind) {
        self.file = file
        self.kind = kind
    }
}

/// A manifest that could not be read at all.
public struct ManifestError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var line: Int?
    public var reason: String
    public var description: String { line.map { "\(file):\($0): \(reason)" } ?? "\(file): \(reason)" }
}

/// Finds the 1-based line of the first line containing `needle` at or after `from`; `fallback` otherwise.
func lineNumber(of needle: String, in lines: [Substring], from: Int = 0, fallback: Int = 1) -> Int {
    guard from < lines.count else { return fallback }
    for k in from..<lines.count where lines[k].contains(needle) { return k + 1 }
    return fallback
}
