/// Entry point of the parser.
public enum PythonParser {
    /// Parses a whole module. Never throws, never crashes: errors are collected in `tree.errors`
    /// while parsing goes on, and the tree keeps every statement that could be parsed.
    public static func parse(_ source: SourceFile) -> SyntaxTree {
        if source.bytes.count > SourceFile.maxBytes {
            var tree = SyntaxTree()
            tree.errors = [SyntaxError(message: "file too large to parse (\(source.bytes.count) bytes; the limit is \(SourceFile.maxBytes) bytes)", line: 1, column: 1)]
            return tree
        }
        return source.bytes.withUnsafeBufferPointer { buf in
            var lexer = Lexer(buf)
            lexer.tokenize()
            var parser = Parser(p: buf, tokens: lexer.tokens, lineStarts: source.lineStarts)
            parser.tree.comments = lexer.comments
            parser.parseModule()
            if let deep = TreeDepth.enforce(&parser.tree) { parser.errors.append(deep) }
            return parser.finish(lexerErrors: lexer.errors)
        }
    }
}

/// Thrown to unwind to the statement level after an error was recorded.
struct ParseFailure: Error {}

struct Pos {
    var line: Int32
    var col: Int32
    var off: Int32
}

/// A recursive-descent parser for the CPython 3.14 grammar, building a `SyntaxTree`.
struct Parser {
    let p: UnsafeBufferPointer<UInt8>
    var tokens: [Token]
    let lineStarts: [Int32]
    var pos = 0
    var tree = SyntaxTree()
    var errors: [SyntaxError] = []
    var depth = 0
    /// While > 0, errors are not recorded (speculative parses such as `match`).
    var quiet = 0

    /// Recursion limit of the parser (unary operators, `not`, `lambda`, `if`-`else`, `**`,
    /// `elif`, brackets, blocks). Brackets stop at 200 and blocks at 100 in the tokenizer, as in
    /// CPython; the rest nest as deep as CPython's tree can (`TreeDepth.maxNodeDepth`).
    static let maxDepth = 3_000
    /// Past this depth `enter` also checks that the thread's stack has room left.
    static let stackCheckDepth = 100
    /// Lowest stack address allowed (0: not asked yet, `UInt.max`: unknown).
    var stackFloor: UInt = 0
    /// Statements followed by a `;` that ends their line, with the end of that `;`.
    var trailingSemicolon: [Int32: Pos] = [:]
    /// Whether the string being parsed begins with a lowercase `u` prefix: CPython 3.11 then
    /// gives `kind='u'` to its constants, the literal pieces of an f-string included.
    var stringKindU = false

    init(p: UnsafeBufferPointer<UInt8>, tokens: [Token], lineStarts: [Int32]) {
        self.p = p
        self.tokens = tokens
        self.lineStarts = lineStarts
    }

    static let indentationErrors: Set<String> = [
        "unindent does not match any outer indentation level", "inconsistent use of tabs and spaces in indentation",
        "too many levels of indentation",
    ]

    mutating func finish(lexerErrors: [SyntaxError]) -> SyntaxTree {
        var all = lexerErrors
        // A set, not a scan of `all`: a file can have one error per line (e.g. 100,000 stray
        // `elif`s after a too-deep chain).
        struct At: Hashable { var line: Int; var column: Int }
        var seen = Set(lexerErrors.map { At(line: $0.line, column: $0.column) })
        for e in errors where seen.insert(At(line: e.line, column: e.column)).inserted { all.append(e) }
        // Order by position; a tokenizer error wins over a generic "invalid syntax" (CPython
        // tokenizes the rest of the file before reporting a generic error).
        all.sort { ($0.line, $0.column) < ($1.line, $1.column) }
        // Not the indentation errors, which its tokenizer only flags (CPython's tokenizer stops
        // there and keeps "invalid syntax"), and an unclosed bracket only when it was opened on
        // an earlier line than the error.
        if let first = all.first, first.message == "invalid syntax",
           let lex = lexerErrors.first(where: { $0.message != "invalid syntax" }),
           !Parser.indentationErrors.contains(lex.message),
           !lex.message.hasSuffix("was never closed") || lex.line < first.line {
            all.removeAll { $0 == lex }
            all.insert(lex, at: 0)
        }
        tree.errors = all
        return tree
    }

    // MARK: tokens and positions

    @inline(__always) var kind: TokenKind { tokens[pos].kind }
    @inline(__always) func peek(_ k: Int = 1) -> TokenKind { pos + k < tokens.count ? tokens[pos + k].kind : .endMarker }

    @inline(__always) func startPos(_ t: Int) -> Pos {
        let k = tokens[t]
        return Pos(line: k.line, col: k.col, off: k.start)
    }

    func endPos(_ t: Int) -> Pos {
        let k = tokens[t]
        if !k.multiline { return Pos(line: k.line, col: k.col + (k.end - k.start), off: k.end) }
        return posOf(Int(k.end))
    }

    /// Line and column of any byte offset (binary search in the line table).
    func posOf(_ off: Int) -> Pos {
        var lo = 0
        var hi = lineStarts.count - 1
        let o = Int32(off)
        while lo < hi {
            let mid = (lo + hi + 1) >> 1
            if lineStarts[mid] <= o { lo = mid } else { hi = mid - 1 }
        }
        return Pos(line: Int32(lo + 1), col: o - lineStarts[lo], off: o)
    }

    @inline(__always) var here: Pos { startPos(pos) }
    /// Where CPython reports "unexpected indent": on the last character of the indentation.
    var indentErrorPos: Pos {
        var p = here
        if p.col > 0 { p.col -= 1; p.off -= 1 }
        return p
    }
    @inline(__always) var prevEnd: Pos { endPos(pos - 1) }

    @inline(__always) func range(_ s: Pos, _ e: Pos) -> SourceRange {
        SourceRange(lineno: s.line, colOffset: s.col, endLineno: e.line, endColOffset: e.col, start: s.off, end: e.off)
    }

    @inline(__always) func start(_ id: ExprID) -> Pos {
        let r = tree.exprs[Int(id.index)].range
        return Pos(line: r.lineno, col: r.colOffset, off: r.start)
    }

    @inline(__always) func end(_ id: ExprID) -> Pos {
        let r = tree.exprs[Int(id.index)].range
        return Pos(line: r.endLineno, col: r.endColOffset, off: r.end)
    }

    /// The end of a block's last statement, as the end of the statement that holds the block.
    @inline(__always) func sEnd(_ id: StmtID) -> Pos {
        if !trailingSemicolon.isEmpty, let semi = trailingSemicolon[id.index] { return semi }
        let r = tree.stmts[Int(id.index)].range
        return Pos(line: r.endLineno, col: r.endColOffset, off: r.end)
    }

    /// Drops the expressions a speculative parse added (and their side-table entries).
    mutating func truncateExprs(to count: Int) {
        tree.exprs.removeLast(tree.exprs.count - count)
        if !tree.surrogateStrings.isEmpty { tree.surrogateStrings = tree.surrogateStrings.filter { $0.key < Int32(count) } }
    }

    @inline(__always) mutating func add(_ k: ExprKind, _ s: Pos, _ e: Pos) -> ExprID {
        tree.add(Expr(k, range(s, e)))
    }

    @inline(__always) mutating func addStmt(_ k: StmtKind, _ s: Pos, _ e: Pos) -> StmtID {
        tree.add(Stmt(k, range(s, e)))
    }

    @inline(__always) mutating func accept(_ k: TokenKind) -> Bool {
        if tokens[pos].kind == k { pos += 1; return true }
        return false
    }

    @inline(__always) func text(_ t: Int) -> String {
        let k = tokens[t]
        return String(decoding: UnsafeBufferPointer(rebasing: p[Int(k.start)..<Int(k.end)]), as: UTF8.self)
    }

    func isName(_ t: Int, _ w: StaticString) -> Bool {
        let k = tokens[t]
        guard k.kind == .name, Int(k.end - k.start) == w.utf8CodeUnitCount else { return false }
        let q = w.utf8Start
        for j in 0..<w.utf8CodeUnitCount where p[Int(k.start) + j] != q[j] { return false }
        return true
    }

    /// An identifier's text, NFKC-normalised as CPython does for non-ASCII names.
    func nameText(_ t: Int) -> String {
        let s = text(t)
        if s.utf8.allSatisfy({ $0 < 0x80 }) { return s }
        return s.precomposedStringWithCompatibilityMapping
    }

    // MARK: errors

    mutating func fail(_ message: String, at s: Pos, _ e: Pos? = nil) -> ParseFailure {
        if quiet == 0 && !atTokenizerError {
            var err = SyntaxError(message: message, line: Int(s.line), column: Int(s.col) + 1)
            if let e { err.endLine = Int(e.line); err.endColumn = Int(e.col) + 1 }
            errors.append(err)
        }
        return ParseFailure()
    }

    /// Whether the current token (after any DEDENTs) is where the tokenizer failed. CPython
    /// raises a tokenizer error as soon as the parser asks for that token, so its message
    /// wins over whatever the parser would have said there.
    var atTokenizerError: Bool {
        var t = pos
        while t < tokens.count && tokens[t].kind == .dedent { t += 1 }
        return t < tokens.count && tokens[t].kind == .error
    }

    /// The generic error at the current token (nothing new when the lexer already reported it).
    mutating func syntaxError() -> ParseFailure {
        let t = tokens[pos]
        if t.kind == .error { return ParseFailure() }
        if t.kind == .indent { return fail("unexpected indent", at: indentErrorPos) }
        if t.kind == .dedent && pos > 0 { return fail("unindent does not match any outer indentation level", at: here) }
        if t.kind == .endMarker || (t.kind == .newline && t.start == t.end && pos + 1 < tokens.count) {
            if t.kind == .endMarker { return fail("unexpected EOF while parsing", at: here) }
        }
        if let comma = forgotComma() { return comma }
        return fail("invalid syntax", at: here, endPos(pos))
    }

    /// CPython's `invalid_expression`: inside brackets, an expression directly followed by
    /// another one is "invalid syntax. Perhaps you forgot a comma?" over both.
    mutating func forgotComma() -> ParseFailure? {
        guard quiet == 0, pos > 0, startsExpression(kind), kind != .star, kind != .doubleStar,
              let last = tree.exprs.indices.last else { return nil }
        // The expression that ends at the previous token (parents come after children).
        let prev = endPos(pos - 1)
        var a = last
        while a >= 0 && tree.exprs[a].range.end != prev.off { a -= 1 }
        guard a >= 0 else { return nil }
        switch tree.exprs[a].kind {
        case .lambda, .ifExp, .namedExpr, .starred, .yield, .yieldFrom, .slice: return nil
        case .name(let id, _) where id == "print" || id == "exec": return nil
        default: break
        }
        let aStart = tree.exprs[a].range.start
        var t = pos - 1
        while t > 0 && tokens[t].start > aStart { t -= 1 }
        guard tokens[t].start == aStart else { return nil }
        if tokens[t].kind == .name {
            if t + 1 < tokens.count && tokens[t + 1].kind == .string { return nil }
            if isName(t, "match") || isName(t, "case") || isName(t, "_") || isName(t, "type") { return nil }
        }
        // Only inside brackets.
        var level = 0
        var k = pos - 1
        while k >= 0 && tokens[k].kind != .newline && tokens[k].kind != .indent && tokens[k].kind != .dedent {
            switch tokens[k].kind {
            case .lpar, .lsqb, .lbrace: level += 1
            case .rpar, .rsqb, .rbrace: level -= 1
            default: break
            }
            k -= 1
        }
        guard level > 0 else { return nil }
        // The second expression must parse.
        let save = (pos, tree.exprs.count, errors.count, depth)
        quiet += 1
        let b = try? parseExpression()
        quiet -= 1
        let bEnd = prevEnd
        pos = save.0
        truncateExprs(to: save.1)
        errors.removeLast(errors.count - save.2)
        depth = save.3
        guard b != nil else { return nil }
        let r = tree.exprs[a].range
        return fail("invalid syntax. Perhaps you forgot a comma?", at: Pos(line: r.lineno, col: r.colOffset, off: r.start), bEnd)
    }

    mutating func expect(_ k: TokenKind) throws {
        if tokens[pos].kind == k { pos += 1; return }
        if k == .colon && tokens[pos].kind != .error {
            throw fail("expected ':'", at: prevEnd)
        }
        throw syntaxError()
    }

    mutating func enter() throws {
        depth += 1
        if depth > Parser.stackCheckDepth && (depth > Parser.maxDepth || stackExhausted()) {
            depth -= 1
            throw fail(TreeDepth.message, at: here)
        }
    }

    /// Whether the stack is nearly used up (a thread with a small stack parsing deeply
    /// nested code): the parser then stops with an error instead of overflowing.
    mutating func stackExhausted() -> Bool {
        if stackFloor == 0 { stackFloor = stackFloorOfCurrentThread() ?? UInt.max }
        if stackFloor == UInt.max { return false }
        var marker: UInt8 = 0
        let here = withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
        return here < stackFloor
    }

    // MARK: module and blocks

    mutating func parseModule() {
        var body: [StmtID] = []
        while kind != .endMarker {
            if kind == .newline { pos += 1; continue }
            if kind == .indent || kind == .dedent {
                // A DEDENT at module level is left over by a block that failed part-way (its
                // INDENT was consumed by the error recovery): skip it, recovery stops at it.
                let save = pos
                if kind == .indent { _ = fail("unexpected indent", at: indentErrorPos) }
                recover()
                if pos == save { pos += 1 }
                continue
            }
            parseStatementRecovering(into: &body)
        }
        tree.body = body
    }

    mutating func parseStatementRecovering(into body: inout [StmtID]) {
        let save = pos
        let saveDepth = depth
        do {
            try parseStatement(into: &body)
        } catch {
            depth = saveDepth
            if pos == save && kind == .endMarker { return }
            recover()
            if pos == save && kind != .endMarker { pos += 1 }
        }
    }

    /// Skips to the start of the next statement at the same or a lower indentation.
    mutating func recover() {
        while kind != .newline && kind != .endMarker {
            if kind == .dedent || kind == .indent { break }
            pos += 1
        }
        if kind == .newline { pos += 1 }
        var level = 0
        while true {
            let k = kind
            if k == .indent { level += 1; pos += 1; continue }
            if k == .dedent {
                if level == 0 { return }
                level -= 1
                pos += 1
                continue
            }
            if k == .endMarker { return }
            if level == 0 { return }
            pos += 1
        }
    }

    /// CPython's "expected an indented block after 'if' statement on line 3": the statement is
    /// the one whose header line ends just before the current token.
    func expectedBlockMessage() -> String {
        var t = pos - 1
        while t > 0 {
            let k = tokens[t - 1].kind
            if k == .newline || k == .indent || k == .dedent { break }
            t -= 1
        }
        if tokens[t].kind == .kwAsync && t + 1 < tokens.count { t += 1 }
        let what: String
        switch tokens[t].kind {
        case .kwDef: what = "function definition"
        case .kwClass: what = "class definition"
        case .kwIf: what = "'if' statement"
        case .kwElif: what = "'elif' statement"
        case .kwElse: what = "'else' statement"
        case .kwFor: what = "'for' statement"
        case .kwWhile: what = "'while' statement"
        case .kwWith: what = "'with' statement"
        case .kwTry: what = "'try' statement"
        case .kwExcept: what = t + 1 < tokens.count && tokens[t + 1].kind == .star ? "'except*' statement" : "'except' statement"
        case .kwFinally: what = "'finally' statement"
        case .name where isName(t, "case"): what = "'case' statement"
        case .name where isName(t, "match"): what = "'match' statement"
        default: return "expected an indented block"
        }
        return "expected an indented block after \(what) on line \(tokens[t].line)"
    }

    /// `:` then either simple statements on the same line or NEWLINE INDENT statements DEDENT.
    mutating func parseBlock() throws -> [StmtID] {
        try expect(.colon)
        var body: [StmtID] = []
        if kind != .newline {
            try parseSimpleStatements(into: &body)
            return body
        }
        pos += 1
        guard kind == .indent else {
            throw fail(expectedBlockMessage(), at: here, endPos(pos))
        }
        pos += 1
        try enter()
        defer { depth -= 1 }
        while kind != .dedent && kind != .endMarker {
            if kind == .newline { pos += 1; continue }
            if kind == .indent {
                _ = fail("unexpected indent", at: indentErrorPos)
                recover()
                continue
            }
            parseStatementRecovering(into: &body)
        }
        _ = accept(.dedent)
        return body
    }

    // MARK: statements

    mutating func parseStatement(into body: inout [StmtID]) throws {
        switch kind {
        case .kwDef: body.append(try parseFunctionDef(decorators: [], start: here))
        case .kwIf: body.append(try parseIf())
        case .kwClass: body.append(try parseClassDef(decorators: [], start: here))
        case .kwWith: body.append(try parseWith(isAsync: false, start: here))
        case .kwFor: body.append(try parseFor(isAsync: false, start: here))
        case .kwTry: body.append(try parseTry())
        case .kwWhile: body.append(try parseWhile())
        case .at: body.append(try parseDecorated())
        case .kwAsync:
            let s = here
            switch peek() {
            case .kwDef: pos += 1; body.append(try parseFunctionDef(decorators: [], start: s, isAsync: true))
            case .kwWith: pos += 1; body.append(try parseWith(isAsync: true, start: s))
            case .kwFor: pos += 1; body.append(try parseFor(isAsync: true, start: s))
            default: try parseSimpleStatements(into: &body)
            }
        case .name:
            if isName(pos, "match"), let m = try parseMatchIfMatch() {
                body.append(m)
                return
            }
            try parseSimpleStatements(into: &body)
        default:
            try parseSimpleStatements(into: &body)
        }
    }

    mutating func parseSimpleStatements(into body: inout [StmtID]) throws {
        while true {
            body.append(try parseSimpleStatement())
            if accept(.semi) {
                if kind == .newline {
                    // CPython ends a block at its last token: a compound statement whose
                    // block ends with `x;` ends after the `;` (the statement `x` does not).
                    if let last = body.last { trailingSemicolon[last.index] = prevEnd }
                    break
                }
                continue
            }
            break
        }
        if kind != .newline {
            if kind == .error { throw ParseFailure() }
            throw syntaxError()
        }
        pos += 1
    }

    mutating func parseSimpleStatement() throws -> StmtID {
        let s = here
        switch kind {
        case .kwPass: pos += 1; return addStmt(.pass, s, prevEnd)
        case .kwBreak: pos += 1; return addStmt(.break, s, prevEnd)
        case .kwContinue: pos += 1; return addStmt(.continue, s, prevEnd)
        case .kwReturn:
            pos += 1
            var v: ExprID?
            if !atSimpleEnd { v = try parseStarExpressions() }
            return addStmt(.return(value: v), s, prevEnd)
        case .kwRaise:
            pos += 1
            var exc: ExprID?
            var cause: ExprID?
            if !atSimpleEnd {
                exc = try parseExpression()
                if accept(.kwFrom) { cause = try parseExpression() }
            }
            return addStmt(.raise(exc: exc, cause: cause), s, prevEnd)
        case .kwGlobal, .kwNonlocal:
            let isGlobal = kind == .kwGlobal
            pos += 1
            var names: [String] = []
            repeat {
                guard kind == .name else { throw syntaxError() }
                names.append(nameText(pos))
                pos += 1
            } while accept(.comma)
            return addStmt(isGlobal ? .global(names: names) : .nonlocal(names: names), s, prevEnd)
        case .kwDel:
            pos += 1
            var targets: [ExprID] = []
            repeat {
                if atSimpleEnd { break }
                let t = try parseBitOrStarred()
                try setContext(t, .del)
                targets.append(t)
            } while accept(.comma)
            if targets.isEmpty { throw syntaxError() }
            return addStmt(.delete(targets: targets), s, prevEnd)
        case .kwAssert:
            pos += 1
            let test = try parseExpression()
            var msg: ExprID?
            if accept(.comma) { msg = try parseExpression() }
            return addStmt(.assert(test: test, msg: msg), s, prevEnd)
        case .kwImport: return try parseImport()
        case .kwFrom: return try parseFromImport()
        case .name:
            if isName(pos, "type"), peek() == .name, peek(2) == .equal || peek(2) == .lsqb {
                return try parseTypeAlias()
            }
            if isName(pos, "print"), peek() == .string || peek() == .name || peek() == .number {
                // Python 2 print statement: CPython's message.
                let save = pos
                let saveDepth = depth
                pos += 1
                let parsed = (try? parseExpression()) != nil
                depth = saveDepth
                if parsed, atSimpleEnd || kind == .comma {
                    throw fail("Missing parentheses in call to 'print'. Did you mean print(...)?", at: s, prevEnd)
                }
                pos = save
            }
            if isName(pos, "exec"), peek() == .string {
                throw fail("Missing parentheses in call to 'exec'. Did you mean exec(...)?", at: s)
            }
        default:
            break
        }
        return try parseExpressionStatement()
    }

    var atSimpleEnd: Bool {
        let k = kind
        return k == .newline || k == .semi || k == .endMarker
    }

    mutating func parseExpressionStatement() throws -> StmtID {
        let s = here
        let firstTok = pos
        let first = kind == .kwYield ? try parseYield() : try parseStarExpressions()
        switch kind {
        case .equal:
            var targets = [first]
            var value: ExprID = first
            while accept(.equal) {
                value = kind == .kwYield ? try parseYield() : try parseStarExpressions()
                if kind == .equal { targets.append(value) }
            }
            for t in targets { try setContext(t, .store, assign: true) }
            return addStmt(.assign(targets: targets, value: value, typeComment: nil), s, prevEnd)
        case .colon:
            pos += 1
            try checkAnnTarget(first)
            let ann = try parseExpression()
            var value: ExprID?
            if accept(.equal) {
                value = kind == .kwYield ? try parseYield() : try parseStarExpressions()
            }
            var simple = false
            if case .name = tree.exprs[Int(first.index)].kind, tokens[firstTok].kind != .lpar { simple = true }
            return addStmt(.annAssign(target: first, annotation: ann, value: value, simple: simple), s, prevEnd)
        default:
            if let op = augOp(kind) {
                try checkAugTarget(first)
                pos += 1
                let value = kind == .kwYield ? try parseYield() : try parseStarExpressions()
                return addStmt(.augAssign(target: first, op: op, value: value), s, prevEnd)
            }
            if !atSimpleEnd {
                if kind == .error { throw ParseFailure() }
                // A few of CPython's targeted messages.
                if kind == .name || kind == .number || kind == .string, isPlainExpr(first) {
                    throw fail("invalid syntax", at: here, endPos(pos))
                }
                throw syntaxError()
            }
            return addStmt(.expr(value: first), s, prevEnd)
        }
    }

    func isPlainExpr(_ e: ExprID) -> Bool { true }

    func augOp(_ k: TokenKind) -> BinaryOperator? {
        switch k {
        case .plusEqual: return .add
        case .minEqual: return .sub
        case .starEqual: return .mult
        case .atEqual: return .matMult
        case .slashEqual: return .div
        case .percentEqual: return .mod
        case .amperEqual: return .bitAnd
        case .vbarEqual: return .bitOr
        case .circumflexEqual: return .bitXor
        case .leftShiftEqual: return .lShift
        case .rightShiftEqual: return .rShift
        case .doubleStarEqual: return .pow
        case .doubleSlashEqual: return .floorDiv
        default: return nil
        }
    }

    mutating func checkAnnTarget(_ t: ExprID) throws {
        switch tree.exprs[Int(t.index)].kind {
        case .name, .attribute, .subscript:
            try setContext(t, .store)
        case .list:
            throw fail("only single target (not list) can be annotated", at: start(t), end(t))
        case .tuple:
            throw fail("only single target (not tuple) can be annotated", at: start(t), end(t))
        default:
            throw fail("illegal target for annotation", at: start(t), end(t))
        }
    }

    mutating func checkAugTarget(_ t: ExprID) throws {
        switch tree.exprs[Int(t.index)].kind {
        case .name, .attribute, .subscript:
            try setContext(t, .store)
        default:
            throw fail("'\(exprName(t))' is an illegal expression for augmented assignment", at: start(t), end(t))
        }
    }

    /// CPython's `_PyPegen_get_expr_name`.
    func exprName(_ id: ExprID) -> String {
        switch tree.exprs[Int(id.index)].kind {
        case .attribute: return "attribute"
        case .subscript: return "subscript"
        case .starred: return "starred"
        case .name: return "name"
        case .list: return "list"
        case .tuple: return "tuple"
        case .lambda: return "lambda"
        case .call: return "function call"
        case .boolOp, .binOp, .unaryOp: return "expression"
        case .generatorExp: return "generator expression"
        case .yield, .yieldFrom: return "yield expression"
        case .await: return "await expression"
        case .listComp: return "list comprehension"
        case .setComp: return "set comprehension"
        case .dictComp: return "dict comprehension"
        case .dict: return "dict literal"
        case .set: return "set display"
        case .joinedStr, .formattedValue: return "f-string expression"
        case .templateStr, .interpolation: return "t-string expression"
        case .constant(let v, _):
            switch v {
            case .none: return "None"
            case .bool(let b): return b ? "True" : "False"
            case .ellipsis: return "ellipsis"
            default: return "literal"
            }
        case .compare: return "comparison"
        case .ifExp: return "conditional expression"
        case .namedExpr: return "named expression"
        case .slice: return "slice"
        }
    }

    /// Turns an expression into an assignment/deletion target, or reports CPython's error.
    mutating func setContext(_ id: ExprID, _ ctx: ExprContext, assign: Bool = false) throws {
        let i = Int(id.index)
        switch tree.exprs[i].kind {
        case .name(let n, _):
            tree.exprs[i].kind = .name(id: n, ctx: ctx)
        case .attribute(let v, let a, _):
            tree.exprs[i].kind = .attribute(value: v, attr: a, ctx: ctx)
        case .subscript(let v, let sl, _):
            tree.exprs[i].kind = .subscript(value: v, slice: sl, ctx: ctx)
        case .starred(let v, _):
            if ctx == .del { throw fail("cannot delete starred", at: start(id), end(id)) }
            try setContext(v, ctx)
            tree.exprs[i].kind = .starred(value: v, ctx: ctx)
        case .list(let elts, _):
            for e in elts { try setContext(e, ctx) }
            tree.exprs[i].kind = .list(elts: elts, ctx: ctx)
        case .tuple(let elts, _):
            for e in elts { try setContext(e, ctx) }
            tree.exprs[i].kind = .tuple(elts: elts, ctx: ctx)
        default:
            let verb = ctx == .del ? "delete" : "assign to"
            var msg = "cannot \(verb) \(exprName(id))"
            if assign, ctx == .store {
                switch tree.exprs[i].kind {
                case .compare, .call, .constant, .binOp, .boolOp, .unaryOp, .attribute, .subscript:
                    msg += " here. Maybe you meant '==' instead of '='?"
                default: break
                }
            }
            throw fail(msg, at: start(id), end(id))
        }
    }

    mutating func parseImport() throws -> StmtID {
        let s = here
        pos += 1
        var names: [Alias] = []
        repeat {
            let as_ = here
            let name = try parseDottedName()
            var asname: String?
            if accept(.kwAs) {
                guard kind == .name else { throw syntaxError() }
                asname = nameText(pos)
                pos += 1
            }
            names.append(Alias(name: name, asname: asname, range: range(as_, prevEnd)))
        } while accept(.comma)
        return addStmt(.import(names: names), s, prevEnd)
    }

    mutating func parseDottedName() throws -> String {
        guard kind == .name else { throw syntaxError() }
        var name = nameText(pos)
        pos += 1
        while kind == .dot {
            pos += 1
            guard kind == .name else { throw syntaxError() }
            name += "." + nameText(pos)
            pos += 1
        }
        return name
    }

    mutating func parseFromImport() throws -> StmtID {
        let s = here
        pos += 1
        var level: Int32 = 0
        while kind == .dot || kind == .ellipsis {
            level += kind == .dot ? 1 : 3
            pos += 1
        }
        var module: String?
        if kind != .kwImport || level == 0 {
            module = try parseDottedName()
        }
        try expect(.kwImport)
        var names: [Alias] = []
        if kind == .star {
            let a = here
            pos += 1
            names.append(Alias(name: "*", asname: nil, range: range(a, prevEnd)))
            return addStmt(.importFrom(module: module, names: names, level: level), s, prevEnd)
        }
        let paren = accept(.lpar)
        repeat {
            if paren && kind == .rpar && !names.isEmpty { break }
            guard kind == .name else {
                if kind == .newline && !names.isEmpty {
                    throw fail("trailing comma not allowed without surrounding parentheses", at: startPos(pos - 1), prevEnd)
                }
                throw syntaxError()
            }
            let a = here
            let name = nameText(pos)
            pos += 1
            var asname: String?
            if accept(.kwAs) {
                guard kind == .name else { throw syntaxError() }
                asname = nameText(pos)
                pos += 1
            }
            names.append(Alias(name: name, asname: asname, range: range(a, prevEnd)))
        } while accept(.comma)
        if paren { try expect(.rpar) }
        return addStmt(.importFrom(module: module, names: names, level: level), s, prevEnd)
    }

    mutating func parseTypeAlias() throws -> StmtID {
        let s = here
        pos += 1
        let ns = here
        let name = nameText(pos)
        pos += 1
        let nameID = add(.name(id: name, ctx: .store), ns, prevEnd)
        let tps = kind == .lsqb ? try parseTypeParams() : []
        try expect(.equal)
        let value = try parseExpression()
        return addStmt(.typeAlias(name: nameID, typeParams: tps, value: value), s, prevEnd)
    }

    mutating func parseTypeParams() throws -> [TypeParam] {
        try expect(.lsqb)
        var out: [TypeParam] = []
        repeat {
            if kind == .rsqb && !out.isEmpty { break }
            let s = here
            var k: TypeParam.Kind
            if accept(.star) {
                k = .typeVarTuple
            } else if accept(.doubleStar) {
                k = .paramSpec
            } else {
                k = .typeVar(bound: nil)
            }
            guard kind == .name else { throw syntaxError() }
            let name = nameText(pos)
            pos += 1
            if case .typeVar = k, accept(.colon) {
                k = .typeVar(bound: try parseExpression())
            }
            var def: ExprID?
            if accept(.equal) {
                if case .typeVarTuple = k, kind == .star {
                    let ss = here
                    pos += 1
                    let v = try parseBitOr()
                    def = add(.starred(value: v, ctx: .load), ss, prevEnd)
                } else {
                    def = try parseExpression()
                }
            }
            out.append(TypeParam(kind: k, name: name, defaultValue: def, range: range(s, prevEnd)))
        } while accept(.comma)
        try expect(.rsqb)
        return out
    }

    mutating func parseDecorated() throws -> StmtID {
        var decorators: [ExprID] = []
        while kind == .at {
            pos += 1
            decorators.append(try parseNamedExpression())
            guard accept(.newline) else { throw syntaxError() }
        }
        let s = here
        switch kind {
        case .kwDef: return try parseFunctionDef(decorators: decorators, start: s)
        case .kwClass: return try parseClassDef(decorators: decorators, start: s)
        case .kwAsync where peek() == .kwDef:
            pos += 1
            return try parseFunctionDef(decorators: decorators, start: s, isAsync: true)
        default: throw syntaxError()
        }
    }

    mutating func parseFunctionDef(decorators: [ExprID], start s: Pos, isAsync: Bool = false) throws -> StmtID {
        pos += 1  // def
        guard kind == .name else { throw syntaxError() }
        let name = nameText(pos)
        pos += 1
        let tps = kind == .lsqb ? try parseTypeParams() : []
        guard accept(.lpar) else {
            throw fail("expected '('", at: here)
        }
        let args = try parseParameters(lambda: false, close: .rpar)
        try expect(.rpar)
        var returns: ExprID?
        if accept(.rarrow) { returns = try parseExpression() }
        let body = try parseBlock()
        let fd = FunctionDef(name: name, args: args, body: body, decoratorList: decorators, returns: returns, typeParams: tps)
        let e = body.last.map { sEnd($0) } ?? prevEnd
        return addStmt(isAsync ? .asyncFunctionDef(fd) : .functionDef(fd), s, e)
    }

    mutating func parseClassDef(decorators: [ExprID], start s: Pos) throws -> StmtID {
        pos += 1
        guard kind == .name else { throw syntaxError() }
        let name = nameText(pos)
        pos += 1
        let tps = kind == .lsqb ? try parseTypeParams() : []
        var bases: [ExprID] = []
        var keywords: [Keyword] = []
        if accept(.lpar) {
            (bases, keywords) = try parseCallArguments(callStart: nil)
        }
        let body = try parseBlock()
        let e = body.last.map { sEnd($0) } ?? prevEnd
        return addStmt(.classDef(ClassDef(name: name, bases: bases, keywords: keywords, body: body, decoratorList: decorators, typeParams: tps)), s, e)
    }

    /// Parameters of a `def` (annotations allowed) or a `lambda`, up to `close`.
    mutating func parseParameters(lambda: Bool, close: TokenKind) throws -> ArgumentsID {
        var a = Arguments()
        var sawDefault = false
        var sawStar = false
        var sawSlash = false
        while kind != close {
            if kind == .slash {
                if sawSlash { throw fail("/ may appear only once", at: here) }
                if sawStar { throw fail("/ must be ahead of *", at: here) }
                if a.args.isEmpty { throw fail("at least one argument must precede /", at: here) }
                pos += 1
                sawSlash = true
                a.posonlyargs = a.args
                a.args = []
            } else if kind == .star {
                if sawStar { throw fail("* argument may appear only once", at: here) }
                pos += 1
                sawStar = true
                if kind == .comma {
                    if peek() == close || peek() == .doubleStar && false {
                        throw fail("named arguments must follow bare *", at: startPos(pos - 1))
                    }
                } else {
                    a.vararg = try parseParam(lambda: lambda, starAnnotation: true)
                }
            } else if kind == .doubleStar {
                pos += 1
                a.kwarg = try parseParam(lambda: lambda, starAnnotation: false)
                if kind == .equal { throw fail("var-keyword argument cannot have default value", at: here) }
                _ = accept(.comma)
                if kind != close { throw fail("arguments cannot follow var-keyword argument", at: here) }
                break
            } else {
                let arg = try parseParam(lambda: lambda, starAnnotation: false)
                if accept(.equal) {
                    let d = try parseExpression()
                    if sawStar { a.kwonlyargs.append(arg); a.kwDefaults.append(d) } else { a.args.append(arg); a.defaults.append(d); sawDefault = true }
                } else if sawStar {
                    a.kwonlyargs.append(arg)
                    a.kwDefaults.append(nil)
                } else {
                    if sawDefault { throw fail("non-default argument follows default argument", at: startPos(pos - 1)) }
                    a.args.append(arg)
                }
            }
            if kind == .equal { throw syntaxError() }
            if !accept(.comma) { break }
        }
        if sawStar && a.vararg == nil && a.kwonlyargs.isEmpty {
            throw fail("named arguments must follow bare *", at: prevEnd)
        }
        return tree.add(a)
    }

    mutating func parseParam(lambda: Bool, starAnnotation: Bool) throws -> Arg {
        guard kind == .name else { throw syntaxError() }
        let s = here
        let name = nameText(pos)
        pos += 1
        var ann: ExprID?
        if !lambda && accept(.colon) {
            if starAnnotation && kind == .star {
                let ss = here
                pos += 1
                let v = try parseExpression()
                ann = add(.starred(value: v, ctx: .load), ss, prevEnd)
            } else {
                ann = try parseExpression()
            }
        }
        return Arg(arg: name, annotation: ann, range: range(s, prevEnd))
    }

    mutating func parseIf() throws -> StmtID {
        let s = here
        pos += 1
        let test = try parseNamedExpression()
        let body = try parseBlock()
        var orelse: [StmtID] = []
        if kind == .kwElif {
            try enter()
            defer { depth -= 1 }
            orelse = [try parseIf()]
        } else if accept(.kwElse) {
            orelse = try parseBlock()
        }
        let e = (orelse.last ?? body.last).map { sEnd($0) } ?? prevEnd
        return addStmt(.if(test: test, body: body, orelse: orelse), s, e)
    }

    mutating func parseWhile() throws -> StmtID {
        let s = here
        pos += 1
        let test = try parseNamedExpression()
        let body = try parseBlock()
        var orelse: [StmtID] = []
        if accept(.kwElse) { orelse = try parseBlock() }
        let e = (orelse.last ?? body.last).map { sEnd($0) } ?? prevEnd
        return addStmt(.while(test: test, body: body, orelse: orelse), s, e)
    }

    mutating func parseFor(isAsync: Bool, start s: Pos) throws -> StmtID {
        pos += 1
        let target = try parseTargetList()
        try setContext(target, .store)
        guard accept(.kwIn) else { throw syntaxError() }
        let iter = try parseStarExpressions()
        let body = try parseBlock()
        var orelse: [StmtID] = []
        if accept(.kwElse) { orelse = try parseBlock() }
        let e = (orelse.last ?? body.last).map { sEnd($0) } ?? prevEnd
        return addStmt(isAsync ? .asyncFor(target: target, iter: iter, body: body, orelse: orelse, typeComment: nil)
                               : .for(target: target, iter: iter, body: body, orelse: orelse, typeComment: nil), s, e)
    }

    /// `star_targets` of `for` and comprehensions: a tuple of `|`-level expressions.
    mutating func parseTargetList() throws -> ExprID {
        let s = here
        let first = try parseBitOrStarred()
        if kind != .comma { return first }
        var elts = [first]
        while accept(.comma) {
            if kind == .kwIn || kind == .equal { break }
            elts.append(try parseBitOrStarred())
        }
        return add(.tuple(elts: elts, ctx: .store), s, prevEnd)
    }

    mutating func parseBitOrStarred() throws -> ExprID {
        if kind == .star {
            let s = here
            pos += 1
            let v = try parseBitOr()
            return add(.starred(value: v, ctx: .load), s, prevEnd)
        }
        return try parseBitOr()
    }

    mutating func parseWith(isAsync: Bool, start s: Pos) throws -> StmtID {
        pos += 1
        var items: [WithItem] = []
        var parsed = false
        if kind == .lpar {
            // Parenthesised with-items (3.9+) unless the parentheses belong to an expression.
            let save = pos
            let saveCounts = (tree.exprs.count, errors.count)
            quiet += 1
            pos += 1
            var ok = true
            var list: [WithItem] = []
            repeat {
                if kind == .rpar && !list.isEmpty { break }
                let saveDepth = depth
                guard let item = try? parseWithItem() else { depth = saveDepth; ok = false; break }
                list.append(item)
            } while accept(.comma)
            quiet -= 1
            if ok && accept(.rpar) && kind == .colon {
                items = list
                parsed = true
            } else {
                pos = save
                truncateExprs(to: saveCounts.0)
                errors.removeLast(errors.count - saveCounts.1)
            }
        }
        if !parsed {
            repeat {
                items.append(try parseWithItem())
            } while accept(.comma)
        }
        let body = try parseBlock()
        let e = body.last.map { sEnd($0) } ?? prevEnd
        return addStmt(isAsync ? .asyncWith(items: items, body: body, typeComment: nil) : .with(items: items, body: body, typeComment: nil), s, e)
    }

    mutating func parseWithItem() throws -> WithItem {
        let ctx = try parseExpression()
        var vars: ExprID?
        if accept(.kwAs) {
            let t = try parseStarTarget()
            try setContext(t, .store)
            vars = t
        }
        return WithItem(contextExpr: ctx, optionalVars: vars)
    }

    /// A single `star_target` (as in `with ... as t`): tuples only when parenthesised.
    mutating func parseStarTarget() throws -> ExprID {
        return try parseBitOrStarred()
    }

    mutating func parseTry() throws -> StmtID {
        let s = here
        pos += 1
        let body = try parseBlock()
        var handlers: [ExceptHandler] = []
        var isStar = false
        var orelse: [StmtID] = []
        var finalbody: [StmtID] = []
        while kind == .kwExcept {
            let hs = here
            pos += 1
            if accept(.star) { isStar = true }
            var type: ExprID?
            var name: String?
            if kind != .colon {
                let ts = here
                let first = try parseExpression()
                if kind == .comma {
                    // PEP 758: `except A, B:` (3.14) without `as`.
                    var elts = [first]
                    while accept(.comma) {
                        if kind == .colon { break }
                        elts.append(try parseExpression())
                    }
                    if kind == .kwAs {
                        throw fail("multiple exception types must be parenthesized", at: ts, prevEnd)
                    }
                    type = add(.tuple(elts: elts, ctx: .load), ts, prevEnd)
                } else {
                    type = first
                }
                if accept(.kwAs) {
                    guard kind == .name else { throw fail("invalid syntax", at: here) }
                    name = nameText(pos)
                    pos += 1
                }
            } else if isStar {
                throw fail("expected one or more exception types", at: here)
            }
            let hb = try parseBlock()
            let e = hb.last.map { sEnd($0) } ?? prevEnd
            handlers.append(ExceptHandler(type: type, name: name, body: hb, range: range(hs, e)))
        }
        if accept(.kwElse) {
            if handlers.isEmpty { throw syntaxError() }
            orelse = try parseBlock()
        }
        if accept(.kwFinally) { finalbody = try parseBlock() }
        if handlers.isEmpty && finalbody.isEmpty {
            throw fail("expected 'except' or 'finally' block", at: here)
        }
        let last = finalbody.last ?? orelse.last
        let e: Pos = last.map { sEnd($0) } ?? {
            let h = handlers[handlers.count - 1].range
            return Pos(line: h.endLineno, col: h.endColOffset, off: h.end)
        }()
        return addStmt(isStar ? .tryStar(body: body, handlers: handlers, orelse: orelse, finalbody: finalbody)
                              : .try(body: body, handlers: handlers, orelse: orelse, finalbody: finalbody), s, e)
    }

    // MARK: expressions

    /// `star_expressions`: a tuple without parentheses when there are commas.
    mutating func parseStarExpressions() throws -> ExprID {
        let s = here
        let first = try parseStarExpression()
        if kind != .comma { return first }
        var elts = [first]
        while accept(.comma) {
            if !startsExpression(kind) { break }
            elts.append(try parseStarExpression())
        }
        return add(.tuple(elts: elts, ctx: .load), s, prevEnd)
    }

    mutating func parseStarExpression() throws -> ExprID {
        if kind == .star {
            let s = here
            pos += 1
            let v = try parseBitOr()
            return add(.starred(value: v, ctx: .load), s, prevEnd)
        }
        return try parseExpression()
    }

    /// `star_named_expression`.
    mutating func parseStarNamedExpression() throws -> ExprID {
        if kind == .star {
            let s = here
            pos += 1
            let v = try parseBitOr()
            return add(.starred(value: v, ctx: .load), s, prevEnd)
        }
        return try parseNamedExpression()
    }

    func startsExpression(_ k: TokenKind) -> Bool {
        switch k {
        case .name, .number, .string, .lpar, .lsqb, .lbrace, .minus, .plus, .tilde, .star, .ellipsis,
             .kwNot, .kwLambda, .kwAwait, .kwNone, .kwTrue, .kwFalse, .doubleStar:
            return true
        default:
            return false
        }
    }

    mutating func parseNamedExpression() throws -> ExprID {
        if kind == .name && peek() == .colonEqual {
            let s = here
            let target = add(.name(id: nameText(pos), ctx: .store), s, endPos(pos))
            pos += 2
            let value = try parseExpression()
            return add(.namedExpr(target: target, value: value), s, prevEnd)
        }
        let e = try parseExpression()
        if kind == .colonEqual {
            throw fail("cannot use assignment expressions with \(exprName(e))", at: start(e), end(e))
        }
        return e
    }

    mutating func parseExpression() throws -> ExprID {
        if kind == .kwLambda { return try parseLambda() }
        let s = here
        let body = try parseDisjunction()
        if kind == .kwIf {
            pos += 1
            let test = try parseDisjunction()
            guard accept(.kwElse) else {
                throw fail("expected 'else' after 'if' expression", at: start(body), prevEnd)
            }
            try enter()
            defer { depth -= 1 }
            let orelse = try parseExpression()
            return add(.ifExp(test: test, body: body, orelse: orelse), s, prevEnd)
        }
        return body
    }

    mutating func parseLambda() throws -> ExprID {
        let s = here
        pos += 1
        let args = try parseParameters(lambda: true, close: .colon)
        try expect(.colon)
        try enter()
        defer { depth -= 1 }
        let body = try parseExpression()
        return add(.lambda(args: args, body: body), s, prevEnd)
    }

    mutating func parseDisjunction() throws -> ExprID {
        let s = here
        let first = try parseConjunction()
        if kind != .kwOr { return first }
        var values = [first]
        while accept(.kwOr) { values.append(try parseConjunction()) }
        return add(.boolOp(op: .or, values: values), s, prevEnd)
    }

    mutating func parseConjunction() throws -> ExprID {
        let s = here
        let first = try parseInversion()
        if kind != .kwAnd { return first }
        var values = [first]
        while accept(.kwAnd) { values.append(try parseInversion()) }
        return add(.boolOp(op: .and, values: values), s, prevEnd)
    }

    mutating func parseInversion() throws -> ExprID {
        if kind == .kwNot {
            let s = here
            pos += 1
            try enter()
            defer { depth -= 1 }
            let v = try parseInversion()
            return add(.unaryOp(op: .not, operand: v), s, prevEnd)
        }
        return try parseComparison()
    }

    mutating func compareOp() -> CompareOperator? {
        switch kind {
        case .eqEqual: pos += 1; return .eq
        case .notEqual: pos += 1; return .notEq
        case .less: pos += 1; return .lt
        case .lessEqual: pos += 1; return .ltE
        case .greater: pos += 1; return .gt
        case .greaterEqual: pos += 1; return .gtE
        case .kwIn: pos += 1; return .in
        case .kwIs:
            pos += 1
            if accept(.kwNot) { return .isNot }
            return .is
        case .kwNot:
            if peek() == .kwIn { pos += 2; return .notIn }
            return nil
        default: return nil
        }
    }

    mutating func parseComparison() throws -> ExprID {
        let s = here
        let first = try parseBitOr()
        guard let op0 = compareOp() else { return first }
        var ops = [op0]
        var comps = [try parseBitOr()]
        while let op = compareOp() {
            ops.append(op)
            comps.append(try parseBitOr())
        }
        return add(.compare(left: first, ops: ops, comparators: comps), s, prevEnd)
    }

    @inline(__always) func binaryOp(_ k: TokenKind) -> (BinaryOperator, Int)? {
        switch k {
        case .vbar: return (.bitOr, 1)
        case .circumflex: return (.bitXor, 2)
        case .amper: return (.bitAnd, 3)
        case .leftShift: return (.lShift, 4)
        case .rightShift: return (.rShift, 4)
        case .plus: return (.add, 5)
        case .minus: return (.sub, 5)
        case .star: return (.mult, 6)
        case .slash: return (.div, 6)
        case .doubleSlash: return (.floorDiv, 6)
        case .percent: return (.mod, 6)
        case .at: return (.matMult, 6)
        default: return nil
        }
    }

    mutating func parseBitOr() throws -> ExprID {
        try parseBinary(1)
    }

    /// Precedence climbing over the left-associative binary operators.
    mutating func parseBinary(_ minPrec: Int) throws -> ExprID {
        let s = here
        var left = try parseFactor()
        while let (op, prec) = binaryOp(kind), prec >= minPrec {
            pos += 1
            try enter()
            let right = try parseBinary(prec + 1)
            depth -= 1
            left = add(.binOp(left: left, op: op, right: right), s, prevEnd)
        }
        return left
    }

    mutating func parseFactor() throws -> ExprID {
        let op: UnaryOperator
        switch kind {
        case .plus: op = .uAdd
        case .minus: op = .uSub
        case .tilde: op = .invert
        default: return try parsePower()
        }
        let s = here
        pos += 1
        try enter()
        defer { depth -= 1 }
        let v = try parseFactor()
        return add(.unaryOp(op: op, operand: v), s, prevEnd)
    }

    mutating func parsePower() throws -> ExprID {
        let s0 = here
        var base: ExprID
        if kind == .kwAwait {
            let s = here
            pos += 1
            let v = try parsePrimary()
            base = add(.await(value: v), s, prevEnd)
        } else {
            base = try parsePrimary()
        }
        if kind == .doubleStar {
            pos += 1
            try enter()
            defer { depth -= 1 }
            let exp = try parseFactor()
            base = add(.binOp(left: base, op: .pow, right: exp), s0, prevEnd)
        }
        return base
    }

    mutating func parsePrimary() throws -> ExprID {
        let s = here
        var e = try parseAtom()
        while true {
            switch kind {
            case .dot:
                pos += 1
                guard kind == .name || kind.isKeyword && false else { throw syntaxError() }
                let attr = nameText(pos)
                pos += 1
                e = add(.attribute(value: e, attr: attr, ctx: .load), s, prevEnd)
            case .lpar:
                let callStart = pos
                pos += 1
                try enter()
                let (args, kws) = try parseCallArguments(callStart: callStart)
                depth -= 1
                e = add(.call(func: e, args: args, keywords: kws), s, prevEnd)
            case .lsqb:
                pos += 1
                try enter()
                let sl = try parseSlices()
                depth -= 1
                try expect(.rsqb)
                e = add(.subscript(value: e, slice: sl, ctx: .load), s, prevEnd)
            default:
                return e
            }
        }
    }

    /// Arguments of a call after `(`, through `)`. `callStart` is the `(` token, for the
    /// range of a lone generator-expression argument.
    mutating func parseCallArguments(callStart: Int?) throws -> ([ExprID], [Keyword]) {
        var args: [ExprID] = []
        var kws: [Keyword] = []
        var sawKeyword = false
        var sawKwUnpack = false
        let openTok = pos - 1
        while kind != .rpar {
            let s = here
            if kind == .star {
                pos += 1
                let v = try parseExpression()
                if kind == .kwFor || kind == .kwAsync {
                    throw fail("iterable unpacking cannot be used in comprehension", at: s, prevEnd)
                }
                if sawKwUnpack {
                    throw fail("iterable argument unpacking follows keyword argument unpacking", at: s, prevEnd)
                }
                args.append(add(.starred(value: v, ctx: .load), s, prevEnd))
            } else if kind == .doubleStar {
                pos += 1
                let v = try parseExpression()
                kws.append(Keyword(arg: nil, value: v, range: range(s, prevEnd)))
                sawKwUnpack = true
            } else if kind == .name && peek() == .equal {
                let name = nameText(pos)
                pos += 2
                let v = try parseExpression()
                kws.append(Keyword(arg: name, value: v, range: range(s, prevEnd)))
                sawKeyword = true
            } else {
                let e = try parseNamedExpression()
                if kind == .kwFor || kind == .kwAsync {
                    // A generator expression argument.
                    let gens = try parseComprehensions()
                    let lone = args.isEmpty && kws.isEmpty && kind == .rpar
                    if !lone {
                        if kind == .comma || !args.isEmpty || !kws.isEmpty {
                            throw fail("Generator expression must be parenthesized", at: start(e), prevEnd)
                        }
                    }
                    let gs = callStart != nil ? startPos(openTok) : start(e)
                    let ge = callStart != nil ? endPos(pos) : prevEnd
                    args.append(add(.generatorExp(elt: e, generators: gens), gs, ge))
                } else if kind == .equal {
                    let nm = exprName(e)
                    if case .name = tree.exprs[Int(e.index)].kind {} else {
                        throw fail("expression cannot contain assignment, perhaps you meant \"==\"?", at: start(e), end(e))
                    }
                    _ = nm
                    throw syntaxError()
                } else {
                    if sawKwUnpack {
                        throw fail("positional argument follows keyword argument unpacking", at: start(e), end(e))
                    }
                    if sawKeyword {
                        throw fail("positional argument follows keyword argument", at: start(e), end(e))
                    }
                    args.append(e)
                }
            }
            if !accept(.comma) { break }
        }
        if kind != .rpar {
            if kind == .error { throw ParseFailure() }
            throw syntaxError()
        }
        pos += 1
        return (args, kws)
    }

    /// The inside of `[...]` after a primary: one slice, or a tuple of them.
    mutating func parseSlices() throws -> ExprID {
        let s = here
        let first = try parseSlice()
        if kind != .comma {
            // `x[*a]` (3.11) is a one-element tuple, as if written `x[*a,]`.
            if case .starred = tree.exprs[Int(first.index)].kind {
                return add(.tuple(elts: [first], ctx: .load), s, prevEnd)
            }
            return first
        }
        var elts = [first]
        while accept(.comma) {
            if kind == .rsqb { break }
            elts.append(try parseSlice())
        }
        return add(.tuple(elts: elts, ctx: .load), s, prevEnd)
    }

    mutating func parseSlice() throws -> ExprID {
        let s = here
        var lower: ExprID?
        if kind != .colon {
            if kind == .star {
                return try parseStarExpression()
            }
            let e = try parseNamedExpression()
            if kind != .colon { return e }
            lower = e
        }
        pos += 1  // ':'
        var upper: ExprID?
        var step: ExprID?
        if kind != .colon && kind != .comma && kind != .rsqb { upper = try parseExpression() }
        if accept(.colon) {
            if kind != .comma && kind != .rsqb { step = try parseExpression() }
        }
        return add(.slice(lower: lower, upper: upper, step: step), s, prevEnd)
    }

    mutating func parseComprehensions() throws -> [Comprehension] {
        var gens: [Comprehension] = []
        while kind == .kwFor || (kind == .kwAsync && peek() == .kwFor) {
            let isAsync = accept(.kwAsync)
            pos += 1  // for
            let target = try parseTargetList()
            try setContext(target, .store)
            guard accept(.kwIn) else { throw syntaxError() }
            let iter = try parseDisjunction()
            var ifs: [ExprID] = []
            while accept(.kwIf) { ifs.append(try parseDisjunction()) }
            gens.append(Comprehension(target: target, iter: iter, ifs: ifs, isAsync: isAsync))
        }
        return gens
    }

    mutating func parseYield() throws -> ExprID {
        let s = here
        pos += 1
        if accept(.kwFrom) {
            let v = try parseExpression()
            return add(.yieldFrom(value: v), s, prevEnd)
        }
        var v: ExprID?
        if startsExpression(kind) && kind != .doubleStar { v = try parseStarExpressions() }
        return add(.yield(value: v), s, prevEnd)
    }

    mutating func parseAtom() throws -> ExprID {
        let s = here
        switch kind {
        case .name:
            let id = nameText(pos)
            pos += 1
            return add(.name(id: id, ctx: .load), s, prevEnd)
        case .number:
            let t = tokens[pos]
            if t.end - t.start > Int32(Literal.maxDecimalDigits), let n = Literal.decimalIntegerDigits(p, Int(t.start), Int(t.end)),
               n > Literal.maxDecimalDigits {
                // CPython 3.11 refuses to convert such a literal (sys.get_int_max_str_digits()).
                var err = SyntaxError(message: "Exceeds the limit (\(Literal.maxDecimalDigits) digits) for integer string conversion: value has \(n) digits; use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge integer literals to avoid decimal conversion limits.", line: Int(s.line), column: 0)
                err.endLine = Int(s.line)
                err.endColumn = 0
                if quiet == 0 { errors.append(err) }
                throw ParseFailure()
            }
            pos += 1
            return add(.constant(value: Literal.number(p, Int(t.start), Int(t.end)), kind: nil), s, prevEnd)
        case .string:
            return try parseStrings()
        case .kwNone: pos += 1; return add(.constant(value: .none, kind: nil), s, prevEnd)
        case .kwTrue: pos += 1; return add(.constant(value: .bool(true), kind: nil), s, prevEnd)
        case .kwFalse: pos += 1; return add(.constant(value: .bool(false), kind: nil), s, prevEnd)
        case .ellipsis: pos += 1; return add(.constant(value: .ellipsis, kind: nil), s, prevEnd)
        case .lpar:
            try enter()
            defer { depth -= 1 }
            return try parseParen()
        case .lsqb:
            try enter()
            defer { depth -= 1 }
            return try parseListDisplay()
        case .lbrace:
            try enter()
            defer { depth -= 1 }
            return try parseDictOrSet()
        case .error:
            throw ParseFailure()
        default:
            if kind == .kwLambda { return try parseLambda() }
            throw syntaxError()
        }
    }

    mutating func parseParen() throws -> ExprID {
        let s = here
        pos += 1
        if accept(.rpar) { return add(.tuple(elts: [], ctx: .load), s, prevEnd) }
        if kind == .kwYield {
            let y = try parseYield()
            try expect(.rpar)
            return y
        }
        let first = try parseStarNamedExpression()
        if kind == .kwFor || kind == .kwAsync {
            if case .starred = tree.exprs[Int(first.index)].kind {
                throw fail("iterable unpacking cannot be used in comprehension", at: start(first), end(first))
            }
            let gens = try parseComprehensions()
            try expect(.rpar)
            return add(.generatorExp(elt: first, generators: gens), s, prevEnd)
        }
        if accept(.rpar) {
            if case .starred = tree.exprs[Int(first.index)].kind {
                throw fail("cannot use starred expression here", at: start(first), end(first))
            }
            return first
        }
        guard kind == .comma else {
            if kind == .error { throw ParseFailure() }
            throw syntaxError()
        }
        var elts = [first]
        while accept(.comma) {
            if kind == .rpar { break }
            elts.append(try parseStarNamedExpression())
        }
        if kind != .rpar {
            if kind == .error { throw ParseFailure() }
            throw syntaxError()
        }
        pos += 1
        return add(.tuple(elts: elts, ctx: .load), s, prevEnd)
    }

    /// `[*a for a in b]` is 3.15 syntax (PEP 798); up to 3.14 it is an error.
    mutating func rejectStarredComprehensionElement(_ elt: ExprID) throws {
        if case .starred = tree.exprs[Int(elt.index)].kind {
            throw fail("iterable unpacking cannot be used in comprehension", at: start(elt), end(elt))
        }
    }

    /// `[a, b for a, b in c]`, `[a, for a in c]`: CPython's hint for a tuple target left
    /// without parentheses (`afterComma`: the last token read was a comma).
    mutating func rejectUnparenthesizedComprehensionTarget(_ elts: [ExprID], afterComma: Bool) throws {
        if (elts.count >= 2 || afterComma) && (kind == .kwFor || kind == .kwAsync), let last = elts.last {
            throw fail("did you forget parentheses around the comprehension target?", at: start(elts[0]), elts.count == 1 ? prevEnd : end(last))
        }
    }

    mutating func parseListDisplay() throws -> ExprID {
        let s = here
        pos += 1
        if accept(.rsqb) { return add(.list(elts: [], ctx: .load), s, prevEnd) }
        let first = try parseStarNamedExpression()
        if kind == .kwFor || kind == .kwAsync {
            try rejectStarredComprehensionElement(first)
            let gens = try parseComprehensions()
            try expect(.rsqb)
            return add(.listComp(elt: first, generators: gens), s, prevEnd)
        }
        var elts = [first]
        while accept(.comma) {
            if kind == .rsqb { break }
            try rejectUnparenthesizedComprehensionTarget(elts, afterComma: true)
            elts.append(try parseStarNamedExpression())
        }
        if kind != .rsqb {
            try rejectUnparenthesizedComprehensionTarget(elts, afterComma: false)
            if kind == .error { throw ParseFailure() }
            throw syntaxError()
        }
        pos += 1
        return add(.list(elts: elts, ctx: .load), s, prevEnd)
    }

    mutating func parseDictOrSet() throws -> ExprID {
        let s = here
        pos += 1
        if accept(.rbrace) { return add(.dict(keys: [], values: []), s, prevEnd) }
        if kind == .doubleStar {
            return try parseDictRest(s: s, keys: [], values: [])
        }
        let first = try parseStarNamedExpression()
        if accept(.colon) {
            let v = try parseExpression()
            if kind == .kwFor || kind == .kwAsync {
                let gens = try parseComprehensions()
                try expect(.rbrace)
                return add(.dictComp(key: first, value: v, generators: gens), s, prevEnd)
            }
            return try parseDictRest(s: s, keys: [first], values: [v])
        }
        if kind == .kwFor || kind == .kwAsync {
            try rejectStarredComprehensionElement(first)
            let gens = try parseComprehensions()
            try expect(.rbrace)
            return add(.setComp(elt: first, generators: gens), s, prevEnd)
        }
        var elts = [first]
        while accept(.comma) {
            if kind == .rbrace { break }
            try rejectUnparenthesizedComprehensionTarget(elts, afterComma: true)
            elts.append(try parseStarNamedExpression())
        }
        if kind != .rbrace {
            try rejectUnparenthesizedComprehensionTarget(elts, afterComma: false)
            if kind == .error { throw ParseFailure() }
            throw syntaxError()
        }
        pos += 1
        return add(.set(elts: elts), s, prevEnd)
    }

    mutating func parseDictRest(s: Pos, keys k0: [ExprID?], values v0: [ExprID]) throws -> ExprID {
        var keys = k0
        var values = v0
        if !keys.isEmpty {
            if !accept(.comma) {
                if kind == .rbrace { pos += 1; return add(.dict(keys: keys, values: values), s, prevEnd) }
                throw syntaxError()
            }
        }
        while kind != .rbrace {
            if kind == .doubleStar {
                let starStart = here
                pos += 1
                let v = try parseBitOr()
                if keys.isEmpty && (kind == .kwFor || kind == .kwAsync) {
                    throw fail("dict unpacking cannot be used in dict comprehension", at: starStart, prevEnd)
                }
                keys.append(nil)
                values.append(v)
            } else {
                let k = try parseExpression()
                if kind != .colon {
                    throw fail("':' expected after dictionary key", at: start(k), end(k))
                }
                pos += 1
                keys.append(k)
                values.append(try parseExpression())
            }
            if !accept(.comma) { break }
        }
        if kind != .rbrace {
            if kind == .error { throw ParseFailure() }
            throw syntaxError()
        }
        pos += 1
        return add(.dict(keys: keys, values: values), s, prevEnd)
    }
}
