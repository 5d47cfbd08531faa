/// Token kinds of the Python tokenizer. Keywords get their own kinds (soft keywords stay names).
enum TokenKind: UInt8 {
    case endMarker, newline, indent, dedent, name, number, string, error
    // Operators and delimiters.
    case lpar, rpar, lsqb, rsqb, lbrace, rbrace, colon, comma, semi, plus, minus, star, slash, vbar, amper
    case less, greater, equal, dot, percent, eqEqual, notEqual, lessEqual, greaterEqual, tilde, circumflex
    case leftShift, rightShift, doubleStar, plusEqual, minEqual, starEqual, slashEqual, percentEqual
    case amperEqual, vbarEqual, circumflexEqual, leftShiftEqual, rightShiftEqual, doubleStarEqual
    case doubleSlash, doubleSlashEqual, at, atEqual, rarrow, ellipsis, colonEqual, exclamation
    // Keywords.
    case kwFalse, kwNone, kwTrue, kwAnd, kwAs, kwAssert, kwAsync, kwAwait, kwBreak, kwClass, kwContinue
    case kwDef, kwDel, kwElif, kwElse, kwExcept, kwFinally, kwFor, kwFrom, kwGlobal, kwIf, kwImport
    case kwIn, kwIs, kwLambda, kwNonlocal, kwNot, kwOr, kwPass, kwRaise, kwReturn, kwTry, kwWhile
    case kwWith, kwYield

    var isKeyword: Bool { rawValue >= TokenKind.kwFalse.rawValue }
}

/// One token: a kind and a byte range, with the start's line and column (CPython's: 1-based
/// line, 0-based byte column). Only string tokens can span lines (`multiline`).
struct Token {
    var kind: TokenKind
    var multiline: Bool
    var start: Int32
    var end: Int32
    var line: Int32
    var col: Int32
}

/// Text of operator and keyword tokens, for messages.
func tokenText(_ k: TokenKind) -> String {
    switch k {
    case .lpar: return "("
    case .rpar: return ")"
    case .lsqb: return "["
    case .rsqb: return "]"
    case .lbrace: return "{"
    case .rbrace: return "}"
    case .colon: return ":"
    case .comma: return ","
    case .semi: return ";"
    case .equal: return "="
    case .rarrow: return "->"
    default: return "\(k)"
    }
}

/// Keyword kind of an identifier, if it is one (hard keywords only).
@inline(__always)
func keywordKind(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ len: Int) -> TokenKind? {
    if len < 2 || len > 8 { return nil }
    @inline(__always) func eq(_ w: StaticString) -> Bool {
        if w.utf8CodeUnitCount != len { return false }
        let q = w.utf8Start
        for k in 1..<len where p[s + k] != q[k] { return false }
        return true
    }
    switch p[s] {
    case UInt8(ascii: "F"): return eq("False") ? .kwFalse : nil
    case UInt8(ascii: "N"): return eq("None") ? .kwNone : nil
    case UInt8(ascii: "T"): return eq("True") ? .kwTrue : nil
    case UInt8(ascii: "a"):
        if eq("and") { return .kwAnd }
        if eq("as") { return .kwAs }
        if eq("assert") { return .kwAssert }
        if eq("async") { return .kwAsync }
        if eq("await") { return .kwAwait }
        return nil
    case UInt8(ascii: "b"): return eq("break") ? .kwBreak : nil
    case UInt8(ascii: "c"):
        if eq("class") { return .kwClass }
        if eq("continue") { return .kwContinue }
        return nil
    case UInt8(ascii: "d"):
        if eq("def") { return .kwDef }
        if eq("del") { return .kwDel }
        return nil
    case UInt8(ascii: "e"):
        if eq("elif") { return .kwElif }
        if eq("else") { return .kwElse }
        if eq("except") { return .kwExcept }
        return nil
    case UInt8(ascii: "f"):
        if eq("for") { return .kwFor }
        if eq("from") { return .kwFrom }
        if eq("finally") { return .kwFinally }
        return nil
    case UInt8(ascii: "g"): return eq("global") ? .kwGlobal : nil
    case UInt8(ascii: "i"):
        if eq("if") { return .kwIf }
        if eq("in") { return .kwIn }
        if eq("is") { return .kwIs }
        if eq("import") { return .kwImport }
        return nil
    case UInt8(ascii: "l"): return eq("lambda") ? .kwLambda : nil
    case UInt8(ascii: "n"):
        if eq("not") { return .kwNot }
        if eq("nonlocal") { return .kwNonlocal }
        return nil
    case UInt8(ascii: "o"): return eq("or") ? .kwOr : nil
    case UInt8(ascii: "p"): return eq("pass") ? .kwPass : nil
    case UInt8(ascii: "r"):
        if eq("raise") { return .kwRaise }
        if eq("return") { return .kwReturn }
        return nil
    case UInt8(ascii: "t"): return eq("try") ? .kwTry : nil
    case UInt8(ascii: "w"):
        if eq("while") { return .kwWhile }
        if eq("with") { return .kwWith }
        return nil
    case UInt8(ascii: "y"): return eq("yield") ? .kwYield : nil
    default: return nil
    }
}

/// Byte classes: identifier start, identifier continue, digit.
let byteClass: [UInt8] = {
    var t = [UInt8](repeating: 0, count: 256)
    for c in UInt8(ascii: "a")...UInt8(ascii: "z") { t[Int(c)] = 3 }
    for c in UInt8(ascii: "A")...UInt8(ascii: "Z") { t[Int(c)] = 3 }
    t[Int(UInt8(ascii: "_"))] = 3
    for c in UInt8(ascii: "0")...UInt8(ascii: "9") { t[Int(c)] = 2 }
    for c in 0x80...0xFF { t[c] = 3 }
    return t
}()

@inline(__always) func isIdentStart(_ c: UInt8) -> Bool { byteClass[Int(c)] == 3 }
@inline(__always) func isIdentChar(_ c: UInt8) -> Bool { byteClass[Int(c)] != 0 }
@inline(__always) func isDigit(_ c: UInt8) -> Bool { c &- 48 < 10 }
