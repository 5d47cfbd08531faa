/// String literals: implicit concatenation, bytes, f-strings (PEP 701) and t-strings (PEP 750),
/// with CPython 3.11's node positions (pieces of a JoinedStr span the whole concatenation).
extension Parser {
    struct StringPrefix {
        var raw = false
        var bytes = false
        var f = false
        var t = false
        /// A lowercase `u` prefix.
        var u = false
        var bodyStart = 0
        var bodyEnd = 0
    }

    func stringPrefix(_ tok: Token) -> StringPrefix {
        var sp = StringPrefix()
        var k = Int(tok.start)
        while k < Int(tok.end) {
            let c = p[k]
            if c == 34 || c == 39 { break }
            switch c | 0x20 {
            case UInt8(ascii: "r"): sp.raw = true
            case UInt8(ascii: "b"): sp.bytes = true
            case UInt8(ascii: "f"): sp.f = true
            case UInt8(ascii: "t"): sp.t = true
            case UInt8(ascii: "u"): sp.u = c == UInt8(ascii: "u")  // `U''` has no kind
            default: break
            }
            k += 1
        }
        let q = p[k]
        let triple = k + 2 < Int(tok.end) && p[k + 1] == q && p[k + 2] == q && Int(tok.end) - k >= 6
        let ql = triple ? 3 : 1
        sp.bodyStart = k + ql
        sp.bodyEnd = max(sp.bodyStart, Int(tok.end) - ql)
        return sp
    }

    mutating func parseStrings() throws -> ExprID {
        let first = pos
        var last = pos
        while last + 1 < tokens.count && tokens[last + 1].kind == .string { last += 1 }
        let s = startPos(first)
        let e = endPos(last)
        pos = last + 1
        var anyF = false, anyT = false, anyBytes = false, anyPlain = false
        var prefixes: [StringPrefix] = []
        prefixes.reserveCapacity(last - first + 1)
        for t in first...last {
            let sp = stringPrefix(tokens[t])
            prefixes.append(sp)
            if sp.bytes { anyBytes = true } else { anyPlain = true }
            if sp.f { anyF = true }
            if sp.t { anyT = true }
        }
        if anyBytes && anyPlain {
            throw fail("cannot mix bytes and nonbytes literals", at: s, e)
        }
        if anyT && prefixes.contains(where: { !$0.t }) {
            throw fail("cannot mix t-string literals with string or bytes literals", at: s, e)
        }
        if anyBytes {
            var out: [UInt8] = []
            for (j, sp) in prefixes.enumerated() {
                do {
                    try Literal.decodeBytes(p, sp.bodyStart, sp.bodyEnd, raw: sp.raw, into: &out)
                } catch let err as Literal.EscapeError {
                    throw fail(err.message, at: startPos(first + j), endPos(first + j))
                }
            }
            return add(.constant(value: .bytes(out), kind: nil), s, e)
        }
        if !anyF && !anyT {
            var out: [UInt8] = []
            for (j, sp) in prefixes.enumerated() {
                do {
                    try Literal.decodeString(p, sp.bodyStart, sp.bodyEnd, raw: sp.raw, into: &out)
                } catch let err as Literal.EscapeError {
                    throw fail(err.message, at: startPos(first + j), endPos(first + j))
                }
            }
            return addString(out, kind: prefixes[0].u ? "u" : nil, s, e)
        }
        var values: [ExprID] = []
        var pending: [UInt8] = []
        // A nested f-string in a replacement field takes its kind from its own first token.
        let savedKindU = stringKindU
        stringKindU = prefixes[0].u
        defer { stringKindU = savedKindU }
        for (j, sp) in prefixes.enumerated() {
            let t = first + j
            if sp.f || sp.t {
                let tokRange = (startPos(t), endPos(t))
                _ = try fstringPieces(sp.bodyStart, sp.bodyEnd, raw: sp.raw, template: sp.t, spec: false, level: 0,
                                      tokRange: tokRange, whole: (s, e), values: &values, pending: &pending)
            } else {
                do {
                    try Literal.decodeString(p, sp.bodyStart, sp.bodyEnd, raw: sp.raw, into: &pending)
                } catch let err as Literal.EscapeError {
                    throw fail(err.message, at: startPos(t), endPos(t))
                }
            }
        }
        flushPending(&pending, into: &values, whole: (s, e))
        return add(anyT ? .templateStr(values: values) : .joinedStr(values: values), s, e)
    }

    /// A `str` constant from decoded text (WTF-8: `\\ud800` escapes give encoded surrogates,
    /// kept aside in `tree.surrogateStrings`).
    mutating func addString(_ bytes: [UInt8], kind: String?, _ s: Pos, _ e: Pos) -> ExprID {
        let id = add(.constant(value: .str(String(decoding: bytes, as: UTF8.self)), kind: kind), s, e)
        if PythonRepr.containsSurrogate(bytes) { tree.surrogateStrings[id.index] = bytes }
        return id
    }

    /// Adds the literal text read so far as a constant; `kind='u'` when the string begins with
    /// `u` except for the text that ends a format spec (as CPython 3.11 does).
    mutating func flushPending(_ pending: inout [UInt8], into values: inout [ExprID], whole: (Pos, Pos), endOfSpec: Bool = false) {
        if pending.isEmpty { return }
        values.append(addString(pending, kind: stringKindU && !endOfSpec ? "u" : nil, whole.0, whole.1))
        pending.removeAll(keepingCapacity: true)
    }

    /// Reads literal text and replacement fields of an f-string body (or of a format spec when
    /// `spec`, which ends at its closing `}`; the offset of that brace is returned).
    mutating func fstringPieces(_ s: Int, _ e: Int, raw: Bool, template: Bool, spec: Bool, level: Int,
                                tokRange: (Pos, Pos), whole: (Pos, Pos), values: inout [ExprID], pending: inout [UInt8]) throws -> Int {
        var k = s
        while k < e {
            let c = p[k]
            if c == UInt8(ascii: "{") {
                if !spec && k + 1 < e && p[k + 1] == UInt8(ascii: "{") {
                    pending.append(c)
                    k += 2
                    continue
                }
                k = try fstringField(k + 1, e, raw: raw, template: template, level: level, tokRange: tokRange, whole: whole,
                                     values: &values, pending: &pending)
                continue
            }
            if c == UInt8(ascii: "}") {
                if spec { return k }
                if k + 1 < e && p[k + 1] == UInt8(ascii: "}") {
                    pending.append(c)
                    k += 2
                    continue
                }
                throw fail("f-string: single '}' is not allowed", at: posOf(k))
            }
            if c == 92 && !raw {
                // `\N{...}` contains braces: decode escapes before looking at braces.
                do {
                    k = try Literal.escape(p, k, e, bytes: false, into: &pending)
                } catch let err as Literal.EscapeError {
                    throw fail(err.message, at: tokRange.0, tokRange.1)
                }
                continue
            }
            if c == 13 {
                pending.append(10)
                k += (k + 1 < e && p[k + 1] == 10) ? 2 : 1
                continue
            }
            pending.append(c)
            k += 1
        }
        if spec { throw fail("f-string: expecting '}'", at: posOf(e)) }
        return k
    }

    /// Whether the field's tokens (`tokens`, ending with ENDMARKER) are one parenthesised
    /// group: `(a, b)` but not `(a), (b)`.
    func fieldIsParenthesized() -> Bool {
        let last = tokens.count - 2
        guard last > 0, tokens[0].kind == .lpar, tokens[last].kind == .rpar else { return false }
        var depth = 0
        for t in 0...last {
            switch tokens[t].kind {
            case .lpar, .lsqb, .lbrace: depth += 1
            case .rpar, .rsqb, .rbrace:
                depth -= 1
                if depth == 0 && t < last { return false }
            default: break
            }
        }
        return true
    }

    /// One replacement field, from just after its `{`. Returns the offset after its `}`.
    mutating func fstringField(_ k0: Int, _ e: Int, raw: Bool, template: Bool, level: Int, tokRange: (Pos, Pos), whole: (Pos, Pos),
                               values: inout [ExprID], pending: inout [UInt8]) throws -> Int {
        if level >= 2 {
            throw fail("f-string: expressions nested too deeply", at: posOf(k0))
        }
        let start = posOf(k0)
        var lx = Lexer(p, start: k0, end: e)
        lx.fieldMode = true
        lx.collectComments = false
        lx.line = start.line
        lx.lineStart = k0 - Int(start.col)
        lx.tokenize()
        if !lx.errors.isEmpty {
            if quiet == 0 { errors.append(contentsOf: lx.errors) }
            throw ParseFailure()
        }
        guard lx.stopOffset >= 0 else {
            throw fail("f-string: expecting '}'", at: posOf(e))
        }
        let stop = lx.stopOffset
        if lx.tokens.isEmpty {
            if p[stop] == UInt8(ascii: "!") { throw fail("f-string: expression required before '!'", at: posOf(stop)) }
            throw fail("f-string: empty expression not allowed", at: posOf(stop))
        }
        let sp = posOf(stop)
        lx.tokens.append(Token(kind: .endMarker, multiline: false, start: Int32(stop), end: Int32(stop), line: sp.line, col: sp.col))
        let savedTokens = tokens
        let savedPos = pos
        tokens = lx.tokens
        pos = 0
        var value: ExprID
        do {
            defer {
                tokens = savedTokens
                pos = savedPos
            }
            try enter()
            defer { depth -= 1 }
            value = kind == .kwYield ? try parseYield() : try parseStarExpressions()
            if kind != .endMarker {
                throw fail("f-string: expecting '}'", at: here)
            }
            // CPython 3.11 parses a field's text wrapped in parentheses, so a tuple without
            // its own parentheses spans from the `{` to just past the field's text.
            if case .tuple = tree.exprs[Int(value.index)].kind, !fieldIsParenthesized() {
                let open = posOf(k0 - 1)
                let close = posOf(stop)
                tree.exprs[Int(value.index)].range = range(open, Pos(line: close.line, col: close.col + 1, off: close.off + 1))
            }
        }
        var k = stop
        var debugEnd = -1
        if p[k] == UInt8(ascii: "=") {
            k += 1
            while k < e && (p[k] == 32 || p[k] == 9 || p[k] == 10 || p[k] == 13 || p[k] == 12) { k += 1 }
            debugEnd = k
        }
        var conversion: Int32 = -1
        if k < e && p[k] == UInt8(ascii: "!") {
            k += 1
            guard k < e, p[k] == UInt8(ascii: "s") || p[k] == UInt8(ascii: "r") || p[k] == UInt8(ascii: "a"),
                  k + 1 < e, p[k + 1] == UInt8(ascii: ":") || p[k + 1] == UInt8(ascii: "}") else {
                throw fail("f-string: invalid conversion character: expected 's', 'r', or 'a'", at: posOf(k))
            }
            conversion = Int32(p[k])
            k += 1
        }
        var spec: ExprID?
        if k < e && p[k] == UInt8(ascii: ":") {
            k += 1
            var specValues: [ExprID] = []
            var specPending: [UInt8] = []
            // A t-string's format spec is formatted when the template is built: an f-string
            // (JoinedStr of Constant and FormattedValue), as CPython 3.14's tree has it.
            k = try fstringPieces(k, e, raw: raw, template: false, spec: true, level: level + 1, tokRange: tokRange, whole: whole,
                                  values: &specValues, pending: &specPending)
            // CPython 3.11 gives the literal text that ends a format spec the range of the string
            // token (text before a nested field gets the whole literal's range, as elsewhere).
            flushPending(&specPending, into: &specValues, whole: tokRange, endOfSpec: true)
            spec = add(.joinedStr(values: specValues), tokRange.0, tokRange.1)
        }
        guard k < e, p[k] == UInt8(ascii: "}") else {
            throw fail("f-string: expecting '}'", at: posOf(k))
        }
        k += 1
        if debugEnd >= 0 {
            pending.append(contentsOf: UnsafeBufferPointer(rebasing: p[k0..<debugEnd]))
            if conversion == -1 && spec == nil { conversion = Int32(UInt8(ascii: "r")) }
        }
        flushPending(&pending, into: &values, whole: whole)
        if template {
            let str = String(decoding: UnsafeBufferPointer(rebasing: p[k0..<stop]), as: UTF8.self)
            values.append(add(.interpolation(value: value, str: str, conversion: conversion, formatSpec: spec), whole.0, whole.1))
        } else {
            values.append(add(.formattedValue(value: value, conversion: conversion, formatSpec: spec), whole.0, whole.1))
        }
        return k
    }
}
