/// Reports syntax that an older Python does not have, for `taintline parse --target-version`.
///
/// The parser accepts the newest grammar (3.14); this check walks a parsed tree (and, for
/// f-strings, the source text) and lists every construct newer than the target:
/// walrus and positional-only parameters (3.8), parenthesised context managers and relaxed
/// decorators (3.9), `match` (3.10), `except*` (3.11), PEP 695 type parameters and the `type`
/// statement and PEP 701 f-strings (3.12), PEP 696 type parameter defaults (3.13), template
/// strings and `except A, B:` without parentheses (3.14).
public enum TargetVersion {
    /// The oldest and newest minor versions `check` knows about (3.x).
    public static let supported = 3...14

    /// Parses "3.9" or "39" or "py39" into a minor version number, or nil.
    public static func minor(from text: String) -> Int? {
        var t = Substring(text.lowercased())
        if t.hasPrefix("py") { t = t.dropFirst(2) }
        if t.hasPrefix("3.") { t = t.dropFirst(2) } else if t.hasPrefix("3") && t.count > 1 { t = t.dropFirst(1) } else { return nil }
        guard let m = Int(t), supported.contains(m) else { return nil }
        return m
    }

    /// Every construct in `tree` that Python 3.`target` cannot parse, in source order.
    /// `source` is the text the tree was parsed from. Errors use 1-based columns, as
    /// `SyntaxError` does.
    public static func check(_ tree: SyntaxTree, source: SourceFile, target: Int) -> [SyntaxError] {
        if target >= 14 { return [] }
        var checker = Checker(tree: tree, source: source, target: target)
        checker.stmts(tree.body)
        var seen = Set<SyntaxError>()
        let unique = checker.errors.filter { seen.insert($0).inserted }
        return unique.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
    }
}

private struct Checker {
    let tree: SyntaxTree
    let source: SourceFile
    let target: Int
    var errors: [SyntaxError] = []
    /// Byte ranges of f-strings already scanned (nested ones are inside them).
    var scannedFStringEnd: Int32 = -1

    init(tree: SyntaxTree, source: SourceFile, target: Int) {
        self.tree = tree
        self.source = source
        self.target = target
    }

    var bytes: [UInt8] { source.bytes }

    mutating func report(_ what: String, _ minor: Int, _ r: SourceRange) {
        guard target < minor else { return }
        errors.append(SyntaxError(message: "\(what) (new in Python 3.\(minor); target version is 3.\(target))",
                                  line: Int(r.lineno), column: Int(r.colOffset) + 1,
                                  endLine: Int(r.endLineno), endColumn: Int(r.endColOffset) + 1))
    }

    mutating func reportAt(_ what: String, _ minor: Int, byte: Int) {
        guard target < minor else { return }
        let (line, col) = source.location(ofByte: byte)
        errors.append(SyntaxError(message: "\(what) (new in Python 3.\(minor); target version is 3.\(target))",
                                  line: line, column: col + 1))
    }

    /// The first byte at or after `i` that is not blank, a comment or a line continuation.
    func skipBlank(_ i: Int, allowNewlines: Bool = true) -> Int {
        var i = i
        while i < bytes.count {
            let c = bytes[i]
            if c == 32 || c == 9 || c == 12 { i += 1; continue }
            if c == 92, i + 1 < bytes.count, bytes[i + 1] == 10 || bytes[i + 1] == 13 { i += 2; continue }
            if allowNewlines && (c == 10 || c == 13) { i += 1; continue }
            if allowNewlines && c == UInt8(ascii: "#") {
                while i < bytes.count && bytes[i] != 10 && bytes[i] != 13 { i += 1 }
                continue
            }
            break
        }
        return i
    }

    /// The last byte before `i` that is not blank (whitespace, newlines, continuations).
    func previousNonBlank(_ i: Int) -> Int? {
        var k = i - 1
        while k >= 0 {
            let c = bytes[k]
            if c == 32 || c == 9 || c == 12 || c == 10 || c == 13 || c == 92 { k -= 1; continue }
            return k
        }
        return nil
    }

    // MARK: Statements

    mutating func stmts(_ ids: [StmtID]) { for id in ids { stmt(id) } }

    mutating func typeParams(_ ps: [TypeParam]) {
        for p in ps {
            report("type parameter lists", 12, p.range)
            if let d = p.defaultValue {
                report("type parameter defaults", 13, tree[d].range)
                expr(d)
            }
            if case .typeVar(let bound?) = p.kind { expr(bound) }
        }
    }

    mutating func decorators(_ ds: [ExprID]) {
        for d in ds {
            // PEP 614: before 3.9 a decorator is a dotted name, optionally called once.
            var relaxed = false
            var callee = d
            if case .call(let fn, _, _) = tree[d].kind { callee = fn }
            if !isDottedName(callee) { relaxed = true }
            // `@(name)`: the expression does not start right after the `@`.
            if let before = previousNonBlank(Int(tree[d].range.start)), bytes[before] != UInt8(ascii: "@") { relaxed = true }
            if relaxed { report("arbitrary decorator expressions", 9, tree[d].range) }
            expr(d)
        }
    }

    func isDottedName(_ id: ExprID) -> Bool {
        switch tree[id].kind {
        case .name: return true
        case .attribute(let value, _, _):
            // The parts must not be parenthesised: `(a).b` is not a dotted name.
            guard isDottedName(value) else { return false }
            let start = Int(tree[id].range.start)
            return start == Int(tree[value].range.start)
        default: return false
        }
    }

    mutating func stmt(_ id: StmtID) {
        let s = tree[id]
        switch s.kind {
        case .functionDef(let f), .asyncFunctionDef(let f):
            decorators(f.decoratorList)
            typeParams(f.typeParams)
            arguments(f.args)
            if let r = f.returns { expr(r) }
            stmts(f.body)
        case .classDef(let c):
            decorators(c.decoratorList)
            typeParams(c.typeParams)
            for b in c.bases { expr(b) }
            for k in c.keywords { expr(k.value) }
            stmts(c.body)
        case .return(let v): if let v { expr(v) }
        case .delete(let targets): for t in targets { expr(t) }
        case .assign(let targets, let value, _):
            for t in targets { expr(t) }
            expr(value)
        case .typeAlias(let name, let params, let value):
            report("the 'type' statement", 12, s.range)
            expr(name); typeParams(params); expr(value)
        case .augAssign(let target, _, let value): expr(target); expr(value)
        case .annAssign(let target, let annotation, let value, _):
            expr(target); expr(annotation)
            if let value { expr(value) }
        case .for(let target, let iter, let body, let orelse, _), .asyncFor(let target, let iter, let body, let orelse, _):
            expr(target); expr(iter); stmts(body); stmts(orelse)
        case .while(let test, let body, let orelse), .if(let test, let body, let orelse):
            expr(test); stmts(body); stmts(orelse)
        case .with(let items, let body, _), .asyncWith(let items, let body, _):
            withItems(items, stmtStart: Int(s.range.start))
            for item in items {
                expr(item.contextExpr)
                if let v = item.optionalVars { expr(v) }
            }
            stmts(body)
        case .match(let subject, let cases):
            report("the 'match' statement", 10, s.range)
            expr(subject)
            for c in cases {
                pattern(c.pattern)
                if let g = c.guardExpr { expr(g) }
                stmts(c.body)
            }
        case .raise(let exc, let cause):
            if let exc { expr(exc) }
            if let cause { expr(cause) }
        case .try(let body, let handlers, let orelse, let finalbody), .tryStar(let body, let handlers, let orelse, let finalbody):
            if case .tryStar = s.kind {
                let first = handlers.first?.range ?? s.range
                report("'except*'", 11, first)
            }
            stmts(body)
            for h in handlers {
                if let t = h.type {
                    // PEP 758: `except A, B:` is a tuple whose range does not start with '('.
                    if case .tuple = tree[t].kind, bytes.indices.contains(Int(tree[t].range.start)),
                       bytes[Int(tree[t].range.start)] != UInt8(ascii: "(") {
                        report("'except' with several exception types without parentheses", 14, tree[t].range)
                    }
                    expr(t)
                }
                stmts(h.body)
            }
            stmts(orelse); stmts(finalbody)
        case .assert(let test, let msg):
            expr(test)
            if let msg { expr(msg) }
        case .expr(let v): expr(v)
        case .import, .importFrom, .global, .nonlocal, .pass, .break, .continue: break
        }
    }

    /// PEP 617 parenthesised context managers: `with (a as b, c):`.
    mutating func withItems(_ items: [WithItem], stmtStart: Int) {
        guard let first = items.first, let last = items.last else { return }
        // Without any `as`, `with (a, b):` is a tuple to older Pythons: valid, if different.
        guard items.contains(where: { $0.optionalVars != nil }) else { return }
        // After the `with` keyword (or `async with`), the first thing must be '(' that is not
        // the start of the first item's expression.
        var i = stmtStart
        if bytes.count >= i + 5, bytes[i..<(i + 5)].elementsEqual("async".utf8) {
            i = skipBlank(i + 5)
        }
        i = skipBlank(i + 4)
        guard i < bytes.count, bytes[i] == UInt8(ascii: "(") else { return }
        guard Int(tree[first.contextExpr].range.start) > i else { return }
        let lastEnd = Int(tree[last.optionalVars ?? last.contextExpr].range.end)
        var k = skipBlank(lastEnd)
        if k < bytes.count, bytes[k] == UInt8(ascii: ",") { k = skipBlank(k + 1) }
        guard k < bytes.count, bytes[k] == UInt8(ascii: ")") else { return }
        reportAt("parenthesized context managers", 9, byte: i)
    }

    mutating func arguments(_ id: ArgumentsID) {
        let a = tree[id]
        if let p = a.posonlyargs.first { report("positional-only parameters", 8, p.range) }
        for p in a.posonlyargs + a.args + a.kwonlyargs {
            if let ann = p.annotation { expr(ann) }
        }
        if let v = a.vararg, let ann = v.annotation { expr(ann) }
        if let k = a.kwarg, let ann = k.annotation { expr(ann) }
        for d in a.defaults { expr(d) }
        for d in a.kwDefaults { if let d { expr(d) } }
    }

    // MARK: Expressions

    mutating func expr(_ id: ExprID) {
        let e = tree[id]
        switch e.kind {
        case .boolOp(_, let values): for v in values { expr(v) }
        case .namedExpr(let target, let value):
            report("assignment expressions (':=')", 8, e.range)
            expr(target); expr(value)
        case .binOp(let l, _, let r): expr(l); expr(r)
        case .unaryOp(_, let o): expr(o)
        case .lambda(let args, let body): arguments(args); expr(body)
        case .ifExp(let t, let b, let o): expr(t); expr(b); expr(o)
        case .dict(let keys, let values):
            for k in keys { if let k { expr(k) } }
            for v in values { expr(v) }
        case .set(let elts), .list(let elts, _), .tuple(let elts, _): for x in elts { expr(x) }
        case .listComp(let elt, let gens), .setComp(let elt, let gens), .generatorExp(let elt, let gens):
            expr(elt); comprehensions(gens)
        case .dictComp(let k, let v, let gens): expr(k); expr(v); comprehensions(gens)
        case .await(let v), .yieldFrom(let v), .attribute(let v, _, _), .starred(let v, _): expr(v)
        case .yield(let v): if let v { expr(v) }
        case .compare(let l, _, let cs): expr(l); for c in cs { expr(c) }
        case .call(let f, let args, let kws):
            expr(f)
            for a in args { expr(a) }
            for k in kws { expr(k.value) }
        case .formattedValue(let v, _, let spec), .interpolation(let v, _, _, let spec):
            expr(v)
            if let spec { expr(spec) }
        case .joinedStr(let values):
            if target < 12 && e.range.start > scannedFStringEnd {
                scanStrings(Int(e.range.start), Int(e.range.end))
                scannedFStringEnd = e.range.end
            }
            for v in values { expr(v) }
        case .templateStr(let values):
            report("template strings", 14, e.range)
            for v in values { expr(v) }
        case .constant, .name: break
        case .subscript(let v, let s, _): expr(v); expr(s)
        case .slice(let a, let b, let c):
            for x in [a, b, c] { if let x { expr(x) } }
        }
    }

    mutating func comprehensions(_ gens: [Comprehension]) {
        for g in gens {
            expr(g.target); expr(g.iter)
            for i in g.ifs { expr(i) }
        }
    }

    mutating func pattern(_ id: PatternID) {
        switch tree[id].kind {
        case .matchValue(let v): expr(v)
        case .matchSingleton, .matchStar: break
        case .matchSequence(let ps), .matchOr(let ps): for p in ps { pattern(p) }
        case .matchMapping(let keys, let ps, _):
            for k in keys { expr(k) }
            for p in ps { pattern(p) }
        case .matchClass(let cls, let ps, _, let kps):
            expr(cls)
            for p in ps + kps { pattern(p) }
        case .matchAs(let p, _): if let p { pattern(p) }
        }
    }

    // MARK: PEP 701 f-strings

    /// Scans the string literals (implicitly concatenated) in `start..<end` and reports the
    /// f-string forms 3.11's tokenizer rejects.
    mutating func scanStrings(_ start: Int, _ end: Int) {
        var i = start
        let end = min(end, bytes.count)
        while i < end {
            i = skipBlank(i)
            guard i < end else { break }
            let next = scanLiteral(i, end)
            if next <= i { break }
            i = next
        }
    }

    /// Scans one string literal starting at `i` (prefix included); returns the offset after it.
    /// `inField`: the literal is nested in a replacement field, where 3.11 forbids backslashes.
    mutating func scanLiteral(_ start: Int, _ end: Int, inField: Bool = false) -> Int {
        var i = start
        var isF = false
        var isRaw = false
        while i < end, let c = Optional(bytes[i] | 0x20), c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z") {
            if c == UInt8(ascii: "f") { isF = true }
            if c == UInt8(ascii: "r") { isRaw = true }
            i += 1
        }
        guard i < end, bytes[i] == UInt8(ascii: "'") || bytes[i] == UInt8(ascii: "\"") else { return end }
        let q = bytes[i]
        let triple = i + 2 < end && bytes[i + 1] == q && bytes[i + 2] == q
        i += triple ? 3 : 1
        return scanBody(i, end, quote: q, triple: triple, isF: isF, isRaw: isRaw, inSpec: false, inField: inField)
    }

    func closesAt(_ i: Int, _ end: Int, quote q: UInt8, triple: Bool) -> Bool {
        guard i < end, bytes[i] == q else { return false }
        if !triple { return true }
        return i + 2 < end && bytes[i + 1] == q && bytes[i + 2] == q
    }

    /// The literal part of a string. With `inSpec`, a format spec: ends at an unmatched '}'
    /// (returns its offset).
    mutating func scanBody(_ start: Int, _ end: Int, quote q: UInt8, triple: Bool, isF: Bool, isRaw: Bool, inSpec: Bool,
                           inField: Bool = false) -> Int {
        var i = start
        while i < end {
            let c = bytes[i]
            if c == 92 {
                if inField { reportAt("backslashes inside f-string replacement fields", 12, byte: i) }
                i += 2; continue
            }
            if closesAt(i, end, quote: q, triple: triple) { return inSpec ? i : i + (triple ? 3 : 1) }
            if isF {
                if c == UInt8(ascii: "{") {
                    if !inSpec && i + 1 < end && bytes[i + 1] == UInt8(ascii: "{") { i += 2; continue }
                    i = scanField(i + 1, end, quote: q, triple: triple)
                    continue
                }
                if c == UInt8(ascii: "}") {
                    if inSpec { return i }
                    if i + 1 < end && bytes[i + 1] == UInt8(ascii: "}") { i += 2; continue }
                }
            }
            i += 1
        }
        return end
    }

    /// A replacement field after its '{'; returns the offset after its '}'.
    mutating func scanField(_ start: Int, _ end: Int, quote q: UInt8, triple: Bool) -> Int {
        var i = start
        var depth = 0
        var reported = false
        func flag(_ checker: inout Checker, _ what: String, _ at: Int) {
            if !reported { checker.reportAt(what, 12, byte: at) }
            reported = true
        }
        while i < end {
            let c = bytes[i]
            switch c {
            case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1; i += 1
            case UInt8(ascii: ")"), UInt8(ascii: "]"):
                depth -= 1; i += 1
            case UInt8(ascii: "}"):
                if depth == 0 { return i + 1 }
                depth -= 1; i += 1
            case 92:
                flag(&self, "backslashes inside f-string replacement fields", i); i += 1
            case UInt8(ascii: "#"):
                flag(&self, "comments inside f-string replacement fields", i)
                while i < end && bytes[i] != 10 && bytes[i] != 13 { i += 1 }
            case 10, 13:
                if !triple { flag(&self, "line breaks inside single-quoted f-string replacement fields", i) }
                i += 1
            case UInt8(ascii: "'"), UInt8(ascii: "\""):
                if closesAt(i, end, quote: q, triple: triple) || (c == q && !triple) {
                    flag(&self, "reusing the enclosing quote inside an f-string", i)
                }
                // A nested string literal: scan it (it may be an f-string itself).
                var p = i
                while p > start, let b = Optional(bytes[p - 1] | 0x20), b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z") { p -= 1 }
                i = scanLiteral(p, end, inField: true)
            case UInt8(ascii: "!") where depth == 0 && i + 1 < end && bytes[i + 1] != UInt8(ascii: "="):
                i += 1
            case UInt8(ascii: ":") where depth == 0:
                // Format spec: literal text with nested fields, up to the closing '}'.
                i = scanBody(i + 1, end, quote: q, triple: triple, isF: true, isRaw: false, inSpec: true)
                if i < end && bytes[i] == UInt8(ascii: "}") { return i + 1 }
                return i
            default:
                i += 1
            }
        }
        return end
    }
}
