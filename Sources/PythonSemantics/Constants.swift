import PythonSyntax

/// A string whose parts are partly known: literal text and holes (expressions whose value is
/// not a constant). Used to tell "a constant SQL string" from "SQL built from a variable".
public struct StringShape: Sendable, Equatable {
    public enum Part: Sendable, Equatable {
        case literal(String)
        case hole(ExprID)
    }
    public var parts: [Part]

    /// The known text with each hole written as `placeholder`.
    public func text(placeholder: String = "?") -> String {
        parts.map { if case .literal(let s) = $0 { return s } else { return placeholder } }.joined()
    }

    public var holes: [ExprID] {
        parts.compactMap { if case .hole(let e) = $0 { return e } else { return nil } }
    }

    public var isConstant: Bool { holes.isEmpty }
}

extension ConstantValue {
    /// Python's `str()` of the value, where it is simple enough to be exact.
    public var pythonStr: String? {
        switch self {
        case .none: return "None"
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return String(i)
        case .bigInt(let digits): return digits
        case .str(let s): return s
        case .float(let d):
            if d.isFinite, d == d.rounded(), abs(d) < 1e16 { return String(Int(d)) + ".0" }
            return nil
        case .ellipsis: return "Ellipsis"
        case .complex, .bytes: return nil
        }
    }

    /// Python truthiness.
    public var isTruthy: Bool {
        switch self {
        case .none: return false
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .bigInt(let d): return d != "0"
        case .float(let f): return f != 0
        case .complex(let i): return i != 0
        case .str(let s): return !s.isEmpty
        case .bytes(let b): return !b.isEmpty
        case .ellipsis: return true
        }
    }
}

extension SemanticModel {
    /// The constant value of an expression: literals; names bound to constants (module
    /// constants assigned once, locals whose reaching assignments all agree); `+` on strings,
    /// bytes and numbers; `*`, `-`, `//` and `%` on integers; `%`-formatting, `.format` and
    /// f-strings whose parts are all constant; unary minus and `not`. Nil when unknown.
    public func constantValue(of expr: ExprID) -> ConstantValue? {
        fold(expr, depth: 0)
    }

    /// `constantValue(of:)` when it is a `str`.
    public func constantString(of expr: ExprID) -> String? {
        if case .str(let s)? = fold(expr, depth: 0) { return s }
        return nil
    }

    /// `constantValue(of:)` when it is an integer.
    public func constantInt(of expr: ExprID) -> Int? {
        switch fold(expr, depth: 0) {
        case .int(let i)?: return i
        case .bool(let b)?: return b ? 1 : 0
        default: return nil
        }
    }

    /// Is the expression a known constant (of any type)?
    /// The value of `expr` when the given parameters hold the given values (the constants one
    /// call passes, for a branch on a flag: `if from_setup:` in a call that leaves it `False`).
    public func constantValue(of expr: ExprID, parameters: [BindingID: ConstantValue]) -> ConstantValue? {
        fold(expr, depth: 0, env: parameters)
    }

    public func isConstant(_ expr: ExprID) -> Bool {
        fold(expr, depth: 0) != nil
    }

    /// The shape of a string expression: which parts are known text and which are computed.
    /// Follows f-strings, `+`, `%`-formatting, `.format(...)` and `"".join([...])` of literals.
    public func stringShape(of expr: ExprID) -> StringShape {
        var parts: [StringShape.Part] = []
        shape(expr, depth: 0, into: &parts)
        var merged: [StringShape.Part] = []
        for part in parts {
            if case .literal(let b) = part, case .literal(let a)? = merged.last {
                merged[merged.count - 1] = .literal(a + b)
            } else {
                merged.append(part)
            }
        }
        return StringShape(parts: merged)
    }

    private func shape(_ expr: ExprID, depth: Int, into parts: inout [StringShape.Part]) {
        if let value = fold(expr, depth: depth), let text = value.pythonStr {
            parts.append(.literal(text))
            return
        }
        guard depth < 24 else { parts.append(.hole(expr)); return }
        switch tree[expr].kind {
        case .joinedStr(let values):
            for value in values {
                if case .formattedValue(let inner, _, _) = tree[value].kind {
                    if let v = fold(inner, depth: depth + 1)?.pythonStr { parts.append(.literal(v)) } else { parts.append(.hole(inner)) }
                } else {
                    shape(value, depth: depth + 1, into: &parts)
                }
            }
        case .binOp(let left, .add, let right):
            shape(left, depth: depth + 1, into: &parts)
            shape(right, depth: depth + 1, into: &parts)
        case .binOp(let left, .mult, let right):
            // Indentation such as `" " * depth`: whitespace, whatever the count.
            if let text = constantString(of: left), !text.isEmpty, text.allSatisfy({ $0 == " " || $0 == "\t" }) {
                parts.append(.literal(text))
                _ = right
            } else {
                parts.append(.hole(expr))
            }
        case .binOp(let left, .mod, let right):
            if let template = constantString(of: left) {
                parts.append(.literal(template))
                parts.append(.hole(right))
            } else {
                parts.append(.hole(expr))
            }
        case .call(let function, let args, let keywords):
            if case .attribute(let base, "format", _) = tree[function].kind, let template = constantString(of: base) {
                parts.append(.literal(template))
                for arg in args { parts.append(.hole(arg)) }
                for keyword in keywords { parts.append(.hole(keyword.value)) }
            } else {
                parts.append(.hole(expr))
            }
        case .name:
            // A variable holding a partly-known string: follow a single reaching assignment.
            if let value = assignedValue(of: expr) {
                var inner: [StringShape.Part] = []
                shape(value, depth: depth + 1, into: &inner)
                if inner.contains(where: { if case .literal = $0 { return true } else { return false } }) {
                    parts += inner
                    return
                }
            }
            // `url = "https://safe/"; url += path`: the text before, then what was added.
            let defs = reachingBindings(of: expr)
            if defs.count == 1, case .augmentedAssignment(.add, let added) = self[defs[0]].kind, let stmt = self[defs[0]].statement,
               case .augAssign(let target, _, _) = tree[stmt].kind {
                var inner: [StringShape.Part] = []
                shape(target, depth: depth + 1, into: &inner)
                shape(added, depth: depth + 1, into: &inner)
                if inner.contains(where: { if case .literal = $0 { return true } else { return false } }) {
                    parts += inner
                    return
                }
            }
            parts.append(.hole(expr))
        default:
            parts.append(.hole(expr))
        }
    }

    func fold(_ expr: ExprID, depth: Int, env: [BindingID: ConstantValue]? = nil) -> ConstantValue? {
        guard depth < 24 else { return nil }
        switch tree[expr].kind {
        case .constant(let value, _):
            return value
        case .name:
            let defs = reachingBindings(of: expr)
            guard !defs.isEmpty else { return nil }
            // Parameters given a value by one call (see `constantValue(of:parameters:)`).
            if let env, let first = env[defs[0]], defs.allSatisfy({ env[$0] == first }) { return first }
            var result: ConstantValue?
            for def in defs {
                guard case .assignment(let value?) = self[def].kind, let v = fold(value, depth: depth + 1, env: env) else { return nil }
                if let existing = result, existing != v { return nil }
                result = v
            }
            return result
        case .unaryOp(let op, let operand):
            guard let v = fold(operand, depth: depth + 1, env: env) else { return nil }
            switch (op, v) {
            case (.uSub, .int(let i)): return i == Int.min ? nil : .int(-i)
            case (.uSub, .float(let f)): return .float(-f)
            case (.uAdd, .int), (.uAdd, .float): return v
            case (.not, _): return .bool(!v.isTruthy)
            case (.invert, .int(let i)): return .int(~i)
            default: return nil
            }
        case .binOp(let left, let op, let right):
            if op == .mod, case .tuple(let elts, _) = tree[right].kind, case .str(let template)? = fold(left, depth: depth + 1, env: env) {
                var values: [String] = []
                for elt in elts {
                    guard let v = fold(elt, depth: depth + 1, env: env)?.pythonStr else { return nil }
                    values.append(v)
                }
                return StringFormatting.percent(template, values).map { .str($0) }
            }
            guard let l = fold(left, depth: depth + 1, env: env), let r = fold(right, depth: depth + 1, env: env) else { return nil }
            return foldBinary(l, op, r)
        case .joinedStr(let values):
            var text = ""
            for value in values {
                switch tree[value].kind {
                case .constant(.str(let s), _):
                    text += s
                case .formattedValue(let inner, let conversion, let spec):
                    guard spec == nil, conversion == -1 || conversion == 115, let v = fold(inner, depth: depth + 1, env: env)?.pythonStr else { return nil }
                    text += v
                default:
                    return nil
                }
            }
            return .str(text)
        case .call(let function, let args, let keywords):
            // `textwrap.dedent(<constant>)`, `inspect.cleandoc(<constant>)`: the constant, re-indented.
            if args.count == 1, keywords.isEmpty, let name = qualifiedName(of: function), name == "textwrap.dedent" || name == "inspect.cleandoc",
               case .str(let text)? = fold(args[0], depth: depth + 1, env: env) {
                let dedented = StringFormatting.dedent(text)
                return .str(name == "inspect.cleandoc" ? dedented.trimmingCharacters(in: .whitespacesAndNewlines) : dedented)
            }
            // `chr(39)`: the character.
            if args.count == 1, keywords.isEmpty, qualifiedName(of: function) == "builtins.chr",
               case .int(let code)? = fold(args[0], depth: depth + 1, env: env), (0...0x10FFFF).contains(code),
               let scalar = Unicode.Scalar(UInt32(code)) {
                return .str(String(Character(scalar)))
            }
            // "...".format(constants) and "sep".join([constants])
            guard case .attribute(let base, let attr, _) = tree[function].kind, case .str(let template)? = fold(base, depth: depth + 1, env: env) else { return nil }
            if attr == "format" {
                var positional: [String] = []
                for arg in args {
                    guard let v = fold(arg, depth: depth + 1, env: env)?.pythonStr else { return nil }
                    positional.append(v)
                }
                var named: [String: String] = [:]
                for keyword in keywords {
                    guard let name = keyword.arg, let v = fold(keyword.value, depth: depth + 1, env: env)?.pythonStr else { return nil }
                    named[name] = v
                }
                return StringFormatting.format(template, positional: positional, named: named).map { .str($0) }
            }
            if attr == "join", args.count == 1, keywords.isEmpty {
                switch tree[args[0]].kind {
                case .list(let elts, _), .tuple(let elts, _):
                    var pieces: [String] = []
                    for elt in elts {
                        guard case .str(let s)? = fold(elt, depth: depth + 1, env: env) else { return nil }
                        pieces.append(s)
                    }
                    return .str(pieces.joined(separator: template))
                default: return nil
                }
            }
            if attr == "upper", args.isEmpty { return .str(template.uppercased()) }
            if ["strip", "lstrip", "rstrip"].contains(attr), args.isEmpty, keywords.isEmpty {
                var text = Substring(template)
                if attr != "rstrip" { text = text.drop { $0.isWhitespace } }
                if attr != "lstrip" { while let last = text.last, last.isWhitespace { text = text.dropLast() } }
                return .str(String(text))
            }
            if attr == "lower", args.isEmpty { return .str(template.lowercased()) }
            return nil
        case .compare(let left, let ops, let comparators):
            // `3 * 5 > 100`, `"a" in "abc"`, `0 < n <= 10`: a chain is true when every link is.
            guard var l = fold(left, depth: depth + 1, env: env) else { return nil }
            for (op, right) in zip(ops, comparators) {
                let result: Bool?
                if op == .in || op == .notIn {
                    result = membership(l, in: right, depth: depth + 1, env: env).map { op == .in ? $0 : !$0 }
                } else {
                    guard let r = fold(right, depth: depth + 1, env: env) else { return nil }
                    result = Self.compare(l, op, r)
                    l = r
                }
                guard let result else { return nil }
                if !result { return .bool(false) }
            }
            return .bool(true)
        case .boolOp(let op, let values):
            // `and`/`or` return one of their operands; fold only when every operand is known.
            var last: ConstantValue?
            for value in values {
                guard let v = fold(value, depth: depth + 1, env: env) else { return nil }
                last = v
                if (op == .and && !v.isTruthy) || (op == .or && v.isTruthy) { return v }
            }
            return last
        case .subscript(let value, let slice, _):
            // `"ABC"[1]`, `"BenchmarkTest"[4:]` on constant text, `("a", "b")[0]`.
            if case .tuple(let elts, _) = tree[value].kind {
                guard case .int(let i)? = fold(slice, depth: depth + 1, env: env) else { return nil }
                let position = i < 0 ? elts.count + i : i
                guard position >= 0, position < elts.count else { return nil }
                return fold(elts[position], depth: depth + 1, env: env)
            }
            guard case .str(let text)? = fold(value, depth: depth + 1, env: env) else { return nil }
            let characters = Array(text)
            if case .slice(let lower, let upper, let step) = tree[slice].kind {
                guard step == nil else { return nil }
                func bound(_ expr: ExprID?, _ fallback: Int) -> Int? {
                    guard let expr else { return fallback }
                    guard case .int(let i)? = fold(expr, depth: depth + 1, env: env) else { return nil }
                    return i < 0 ? max(0, characters.count + i) : min(i, characters.count)
                }
                guard let low = bound(lower, 0), let high = bound(upper, characters.count) else { return nil }
                return .str(low < high ? String(characters[low..<high]) : "")
            }
            guard case .int(let i)? = fold(slice, depth: depth + 1, env: env) else { return nil }
            let position = i < 0 ? characters.count + i : i
            guard position >= 0, position < characters.count else { return nil }
            return .str(String(characters[position]))
        case .ifExp(let test, let body, let orelse):
            guard let condition = fold(test, depth: depth + 1, env: env) else { return nil }
            return fold(condition.isTruthy ? body : orelse, depth: depth + 1, env: env)
        case .tuple, .list, .dict, .set:
            return nil
        default:
            return nil
        }
    }

    /// `l in container` for a constant string container (substring test) or a literal tuple,
    /// list or set of constants; nil when unknown.
    private func membership(_ l: ConstantValue, in container: ExprID, depth: Int, env: [BindingID: ConstantValue]? = nil) -> Bool? {
        switch tree[container].kind {
        case .tuple(let elts, _), .list(let elts, _), .set(let elts):
            var values: [ConstantValue] = []
            for elt in elts {
                guard let v = fold(elt, depth: depth + 1, env: env) else { return nil }
                values.append(v)
            }
            var unknown = false
            for v in values {
                switch Self.compare(l, .eq, v) {
                case true?: return true
                case nil: unknown = true
                case false?: break
                }
            }
            return unknown ? nil : false
        case .name(let id, _):
            // `ALLOWED = ["epub", "pdf"]`: a collection named as a constant (upper case), or a
            // tuple, bound once; a lower-case list may be appended to later.
            if depth < 8, let value = assignedValue(of: container) {
                let literal: Bool?
                switch tree[value].kind {
                case .tuple: literal = true
                case .list, .set: literal = id == id.uppercased()
                default: literal = nil
                }
                if literal == true { return membership(l, in: value, depth: depth + 1, env: env) }
            }
            fallthrough
        default:
            switch (l, fold(container, depth: depth + 1, env: env)) {
            case (.str(let needle), .str(let haystack)?): return needle.isEmpty || haystack.contains(needle)
            case (.bytes(let needle), .bytes(let haystack)?):
                if needle.isEmpty { return true }
                guard needle.count <= haystack.count else { return false }
                return (0...(haystack.count - needle.count)).contains { Array(haystack[$0..<($0 + needle.count)]) == needle }
            default: return nil
            }
        }
    }

    /// Python's comparison of two constants, for the pairs whose answer is certain: numbers with
    /// numbers (bool counts as an int), strings with strings, bytes with bytes, `None` with
    /// `None`; equality between a number and a string is false. Nil otherwise.
    static func compare(_ l: ConstantValue, _ op: CompareOperator, _ r: ConstantValue) -> Bool? {
        func number(_ v: ConstantValue) -> Double? {
            switch v {
            case .int(let i): return Double(exactly: i)
            case .bool(let b): return b ? 1 : 0
            case .float(let f): return f
            default: return nil
            }
        }
        func ordered<T: Comparable>(_ a: T, _ b: T) -> Bool? {
            switch op {
            case .eq: return a == b
            case .notEq: return a != b
            case .lt: return a < b
            case .ltE: return a <= b
            case .gt: return a > b
            case .gtE: return a >= b
            default: return nil
            }
        }
        switch (l, r) {
        case (.int(let a), .int(let b)): return ordered(a, b)
        case (.str(let a), .str(let b)):
            // Python orders strings by code point.
            let sa = Array(a.unicodeScalars.map(\.value)), sb = Array(b.unicodeScalars.map(\.value))
            return ordered(sa == sb ? 0 : (sa.lexicographicallyPrecedes(sb) ? -1 : 1), 0)
        case (.bytes(let a), .bytes(let b)):
            let rank = a == b ? 0 : (a.lexicographicallyPrecedes(b) ? -1 : 1)
            return ordered(rank, 0)
        case (.none, .none):
            switch op { case .eq, .is: return true; case .notEq, .isNot: return false; default: return nil }
        case (.str, .int), (.str, .float), (.int, .str), (.float, .str), (.str, .none), (.none, .str), (.int, .none), (.none, .int):
            switch op { case .eq: return false; case .notEq: return true; default: return nil }
        default:
            if op == .is || op == .isNot { return nil }
            guard let a = number(l), let b = number(r) else { return nil }
            return ordered(a, b)
        }
    }

    private func foldBinary(_ l: ConstantValue, _ op: BinaryOperator, _ r: ConstantValue) -> ConstantValue? {
        switch (l, op, r) {
        case (.str(let a), .add, .str(let b)): return .str(a + b)
        case (.bytes(let a), .add, .bytes(let b)): return .bytes(a + b)
        case (.str(let a), .mult, .int(let n)), (.int(let n), .mult, .str(let a)):
            return n >= 0 && n * a.utf8.count <= 1 << 16 ? .str(String(repeating: a, count: n)) : nil
        case (.int(let a), .add, .int(let b)): return a.addingReportingOverflow(b).overflow ? nil : .int(a + b)
        case (.int(let a), .sub, .int(let b)): return a.subtractingReportingOverflow(b).overflow ? nil : .int(a - b)
        case (.int(let a), .mult, .int(let b)): return a.multipliedReportingOverflow(by: b).overflow ? nil : .int(a * b)
        case (.int(let a), .pow, .int(let b)):
            guard b >= 0, b < 64 else { return nil }
            var result = 1
            for _ in 0..<b {
                let (next, overflow) = result.multipliedReportingOverflow(by: a)
                if overflow { return nil }
                result = next
            }
            return .int(result)
        case (.int(let a), .lShift, .int(let b)):
            guard b >= 0, b < 62, a >= 0, a < (1 << (62 - b)) else { return nil }
            return .int(a << b)
        case (.int(let a), .floorDiv, .int(let b)):
            guard b != 0 else { return nil }
            let q = a / b
            return .int((a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q)
        case (.int(let a), .bitOr, .int(let b)): return .int(a | b)
        case (.int(let a), .bitAnd, .int(let b)): return .int(a & b)
        case (.float(let a), .add, .float(let b)): return .float(a + b)
        case (.float(let a), .mult, .float(let b)): return .float(a * b)
        case (.str(let template), .mod, _):
            guard let value = r.pythonStr else { return nil }
            return StringFormatting.percent(template, [value]).map { .str($0) }
        default:
            return nil
        }
    }
}

/// Python's `%` and `str.format` for the simple, exact cases (no width, precision or
/// conversion flags); nil for anything else so folding never guesses.
enum StringFormatting {
    /// `textwrap.dedent`: the whitespace every non-blank line starts with, removed; lines of
    /// whitespace only become empty.
    static func dedent(_ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var common: Substring?
        for line in lines where !line.allSatisfy({ $0 == " " || $0 == "\t" }) {
            let indent = line.prefix { $0 == " " || $0 == "\t" }
            guard let current = common else { common = indent; continue }
            common = current.commonPrefix(with: indent).isEmpty ? "" : Substring(current.commonPrefix(with: indent))
        }
        let cut = common?.count ?? 0
        return lines.map { line in
            line.allSatisfy({ $0 == " " || $0 == "\t" }) ? "" : String(line.dropFirst(cut))
        }.joined(separator: "\n")
    }

    static func percent(_ template: String, _ values: [String]) -> String? {
        var out = ""
        var index = 0
        var iterator = template.makeIterator()
        while let c = iterator.next() {
            guard c == "%" else { out.append(c); continue }
            guard let spec = iterator.next() else { return nil }
            switch spec {
            case "%": out.append("%")
            case "s", "d", "i":
                guard index < values.count else { return nil }
                if spec != "s", Int(values[index]) == nil { return nil }
                out += values[index]
                index += 1
            default: return nil
            }
        }
        return index == values.count ? out : nil
    }

    static func format(_ template: String, positional: [String], named: [String: String]) -> String? {
        var out = ""
        var auto = 0
        let chars = Array(template)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "{" {
                if i + 1 < chars.count, chars[i + 1] == "{" { out.append("{"); i += 2; continue }
                guard let close = chars[(i + 1)...].firstIndex(of: "}") else { return nil }
                let field = String(chars[(i + 1)..<close])
                if field.isEmpty {
                    guard auto < positional.count else { return nil }
                    out += positional[auto]
                    auto += 1
                } else if let n = Int(field) {
                    guard n >= 0, n < positional.count else { return nil }
                    out += positional[n]
                } else if let v = named[field] {
                    out += v
                } else {
                    return nil
                }
                i = close + 1
            } else if c == "}" {
                guard i + 1 < chars.count, chars[i + 1] == "}" else { return nil }
                out.append("}")
                i += 2
            } else {
                out.append(c)
                i += 1
            }
        }
        return out
    }
}
