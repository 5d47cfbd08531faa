// PEP 508 environment markers: parsing and evaluation for a target Python and platform.

public struct MarkerError: Error, Hashable, Sendable, CustomStringConvertible {
    public var text: String
    public var reason: String
    public var description: String { "invalid marker '\(text)': \(reason)" }
}

/// The interpreter and platform markers are evaluated for (`--python-version`, `--platform`).
public struct TargetEnvironment: Hashable, Sendable {
    public var values: [String: String]

    /// A target from a Python version (`3.11` or `3.11.4`) and a platform (`linux`, `darwin`/`macos`, `windows`/`win32`).
    public init(pythonVersion: String = "3.12", platform: String = "linux") throws {
        let parts = pythonVersion.split(separator: ".")
        guard parts.count >= 2, parts.allSatisfy({ Int($0) != nil }) else {
            throw MarkerError(text: pythonVersion, reason: "a Python version looks like 3.11 or 3.11.4")
        }
        let full = parts.count >= 3 ? pythonVersion : pythonVersion + ".0"
        var v: [String: String] = [
            "python_version": "\(parts[0]).\(parts[1])",
            "python_full_version": full,
            "implementation_name": "cpython",
            "implementation_version": full,
            "platform_python_implementation": "CPython",
            "platform_release": "",
            "platform_version": "",
            "extra": "",
        ]
        switch platform.lowercased() {
        case "linux":
            v["sys_platform"] = "linux"; v["platform_system"] = "Linux"; v["os_name"] = "posix"; v["platform_machine"] = "x86_64"
        case "darwin", "macos", "mac", "osx":
            v["sys_platform"] = "darwin"; v["platform_system"] = "Darwin"; v["os_name"] = "posix"; v["platform_machine"] = "arm64"
        case "windows", "win32", "win":
            v["sys_platform"] = "win32"; v["platform_system"] = "Windows"; v["os_name"] = "nt"; v["platform_machine"] = "AMD64"
        default:
            throw MarkerError(text: platform, reason: "unknown platform (use linux, darwin or windows)")
        }
        values = v
    }
}

/// A parsed marker expression.
public indirect enum Marker: Hashable, Sendable {
    case and(Marker, Marker)
    case or(Marker, Marker)
    case compare(lhs: MarkerValue, op: String, rhs: MarkerValue)

    public enum MarkerValue: Hashable, Sendable {
        case variable(String)
        case literal(String)
    }

    static let variables: [String: String] = {
        var map: [String: String] = [:]
        for name in ["python_version", "python_full_version", "os_name", "sys_platform", "platform_release", "platform_system",
                     "platform_version", "platform_machine", "platform_python_implementation", "implementation_name",
                     "implementation_version", "extra", "dependency_groups", "extras"] {
            map[name] = name
        }
        // Legacy dotted spellings.
        map["os.name"] = "os_name"; map["sys.platform"] = "sys_platform"; map["platform.version"] = "platform_version"
        map["platform.machine"] = "platform_machine"; map["platform.python_implementation"] = "platform_python_implementation"
        map["python_implementation"] = "platform_python_implementation"
        return map
    }()

    public init(_ text: String) throws {
        var parser = MarkerParser(text: text)
        self = try parser.parseOr()
        parser.skip()
        guard parser.atEnd else { throw MarkerError(text: text, reason: "unexpected text at offset \(parser.i)") }
    }

    /// Evaluates for the target; `extras` are the extras being installed (for `extra == "x"`);
    /// `"*"` stands for every extra.
    public func evaluate(_ env: TargetEnvironment, extras: Set<String> = []) -> Bool {
        switch self {
        case let .and(a, b): return a.evaluate(env, extras: extras) && b.evaluate(env, extras: extras)
        case let .or(a, b): return a.evaluate(env, extras: extras) || b.evaluate(env, extras: extras)
        case let .compare(lhs, op, rhs):
            if case .variable("extra") = lhs, case .literal(let value) = rhs {
                let hit = extras.contains("*") || extras.contains(normalizePackageName(value))
                return op == "==" ? hit : op == "!=" ? !hit : false
            }
            if case .variable("extra") = rhs, case .literal(let value) = lhs {
                let hit = extras.contains("*") || extras.contains(normalizePackageName(value))
                return op == "==" ? hit : op == "!=" ? !hit : false
            }
            func resolve(_ v: MarkerValue) -> String {
                switch v {
                case .literal(let s): return s
                case .variable(let name): return env.values[name] ?? ""
                }
            }
            let l = resolve(lhs), r = resolve(rhs)
            switch op {
            case "in": return r.contains(l)
            case "not in": return !r.contains(l)
            default: break
            }
            // Version comparison when the right side is a valid specifier; else string comparison.
            if let spec = try? Specifier(op + r), let lv = Version(l) {
                return spec.matches(lv)
            }
            switch op {
            case "==", "===": return l == r
            case "!=": return l != r
            case "<": return l < r
            case "<=": return l <= r
            case ">": return l > r
            case ">=": return l >= r
            default: return false
            }
        }
    }
}

struct MarkerParser {
    let text: String
    let bytes: [UInt8]
    var i = 0

    init(text: String) {
        self.text = text
        bytes = Array(text.utf8)
    }

    var atEnd: Bool { i >= bytes.count }
    mutating func skip() { while i < bytes.count && Version.isSpace(bytes[i]) { i += 1 } }

    mutating func keyword(_ word: String) -> Bool {
        skip()
        let w = Array(word.utf8)
        guard i + w.count <= bytes.count, Array(bytes[i..<(i + w.count)]) == w else { return false }
        let after = i + w.count
        if after < bytes.count, isIdent(bytes[after]) { return false }
        i = after
        return true
    }

    func isIdent(_ b: UInt8) -> Bool { (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 95 || b == 46 }

    mutating func parseOr() throws -> Marker {
        var left = try parseAnd()
        while keyword("or") { left = .or(left, try parseAnd()) }
        return left
    }

    mutating func parseAnd() throws -> Marker {
        var left = try parseAtom()
        while keyword("and") { left = .and(left, try parseAtom()) }
        return left
    }

    mutating func parseAtom() throws -> Marker {
        skip()
        if i < bytes.count && bytes[i] == 40 {
            i += 1
            let inner = try parseOr()
            skip()
            guard i < bytes.count && bytes[i] == 41 else { throw MarkerError(text: text, reason: "expected ')'") }
            i += 1
            return inner
        }
        let lhs = try parseValue()
        let op = try parseOperator()
        let rhs = try parseValue()
        return .compare(lhs: lhs, op: op, rhs: rhs)
    }

    mutating func parseValue() throws -> Marker.MarkerValue {
        skip()
        guard i < bytes.count else { throw MarkerError(text: text, reason: "expected a value") }
        let q = bytes[i]
        if q == 34 || q == 39 {
            guard let close = bytes[(i + 1)...].firstIndex(of: q) else { throw MarkerError(text: text, reason: "unclosed string") }
            let value = String(decoding: bytes[(i + 1)..<close], as: UTF8.self)
            i = close + 1
            return .literal(value)
        }
        let start = i
        while i < bytes.count && isIdent(bytes[i]) { i += 1 }
        let name = String(decoding: bytes[start..<i], as: UTF8.self)
        guard let canonical = Marker.variables[name] else {
            throw MarkerError(text: text, reason: name.isEmpty ? "expected a value" : "unknown marker variable '\(name)'")
        }
        return .variable(canonical)
    }

    mutating func parseOperator() throws -> String {
        skip()
        for op in ["===", "==", "!=", "<=", ">=", "~=", "<", ">"] {
            let o = Array(op.utf8)
            if i + o.count <= bytes.count && Array(bytes[i..<(i + o.count)]) == o { i += o.count; return op }
        }
        if keyword("in") { return "in" }
        if keyword("not") {
            guard keyword("in") else { throw MarkerError(text: text, reason: "expected 'in' after 'not'") }
            return "not in"
        }
        throw MarkerError(text: text, reason: "expected a comparison operator")
    }
}
