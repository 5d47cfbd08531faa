/// The syntax tree: a faithful model of CPython's `ast` module (the node kinds and fields of
/// the newest CPython, 3.14), stored compactly.
///
/// Why an arena: expressions, statements and patterns live in flat arrays of a `SyntaxTree` and
/// refer to each other by 32-bit ids. Building the tree is a series of appends (few
/// allocations), walking it needs no reference counting per node, a tree is `Sendable` as a
/// value, and later analyses key their tables (bindings, types, taint) by node id.
///
/// Positions follow CPython: `lineno`/`end_lineno` are 1-based, `col_offset`/`end_col_offset`
/// are 0-based offsets in UTF-8 bytes from the start of the line. Byte offsets into the
/// decoded (UTF-8) source are kept too, for slicing text.

public struct ExprID: Hashable, Sendable, Comparable {
    public let index: Int32
    public init(_ index: Int32) { self.index = index }
    public static func < (a: ExprID, b: ExprID) -> Bool { a.index < b.index }
}

public struct StmtID: Hashable, Sendable, Comparable {
    public let index: Int32
    public init(_ index: Int32) { self.index = index }
    public static func < (a: StmtID, b: StmtID) -> Bool { a.index < b.index }
}

public struct PatternID: Hashable, Sendable, Comparable {
    public let index: Int32
    public init(_ index: Int32) { self.index = index }
    public static func < (a: PatternID, b: PatternID) -> Bool { a.index < b.index }
}

/// Index into `SyntaxTree.arguments` (a function's or lambda's parameter list).
public struct ArgumentsID: Hashable, Sendable {
    public let index: Int32
    public init(_ index: Int32) { self.index = index }
}

/// A node's span, as CPython reports it, plus byte offsets into the UTF-8 source.
public struct SourceRange: Hashable, Sendable {
    public var lineno: Int32
    public var colOffset: Int32
    public var endLineno: Int32
    public var endColOffset: Int32
    /// Byte offsets into `SourceFile.bytes` (after decoding to UTF-8): `start..<end`.
    public var start: Int32
    public var end: Int32

    public init(lineno: Int32, colOffset: Int32, endLineno: Int32, endColOffset: Int32, start: Int32, end: Int32) {
        self.lineno = lineno
        self.colOffset = colOffset
        self.endLineno = endLineno
        self.endColOffset = endColOffset
        self.start = start
        self.end = end
    }

    public static let zero = SourceRange(lineno: 0, colOffset: 0, endLineno: 0, endColOffset: 0, start: 0, end: 0)
}

// MARK: - Operators and contexts

public enum ExprContext: UInt8, Sendable { case load, store, del }
public enum BoolOperator: UInt8, Sendable { case and, or }
public enum BinaryOperator: UInt8, Sendable {
    case add, sub, mult, matMult, div, mod, pow, lShift, rShift, bitOr, bitXor, bitAnd, floorDiv
}
public enum UnaryOperator: UInt8, Sendable { case invert, not, uAdd, uSub }
public enum CompareOperator: UInt8, Sendable { case eq, notEq, lt, ltE, gt, gtE, `is`, isNot, `in`, notIn }

// MARK: - Constants

/// The value of a `Constant` node.
public enum ConstantValue: Hashable, Sendable {
    case none
    case bool(Bool)
    case ellipsis
    /// An integer that fits in 64 bits.
    case int(Int)
    /// An integer of any size, as its decimal digits (with a leading `-` only after folding);
    /// a hexadecimal, octal or binary literal too big for CPython to print in decimal (over
    /// 4,300 digits) stays as written, e.g. `0xfff...` (lowercase prefix, no underscores).
    case bigInt(String)
    case float(Double)
    /// An imaginary literal `2j`: the value of the imaginary part.
    case complex(imag: Double)
    case str(String)
    case bytes([UInt8])
}

// MARK: - Expressions

public struct Expr: Sendable {
    public var kind: ExprKind
    public var range: SourceRange
    public init(_ kind: ExprKind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}

public struct Comprehension: Sendable {
    public var target: ExprID
    public var iter: ExprID
    public var ifs: [ExprID]
    public var isAsync: Bool
    public init(target: ExprID, iter: ExprID, ifs: [ExprID], isAsync: Bool) {
        self.target = target
        self.iter = iter
        self.ifs = ifs
        self.isAsync = isAsync
    }
}

public struct Keyword: Sendable {
    /// nil for `**kwargs`.
    public var arg: String?
    public var value: ExprID
    public var range: SourceRange
    public init(arg: String?, value: ExprID, range: SourceRange) {
        self.arg = arg
        self.value = value
        self.range = range
    }
}

public indirect enum ExprKind: Sendable {
    case boolOp(op: BoolOperator, values: [ExprID])
    case namedExpr(target: ExprID, value: ExprID)
    case binOp(left: ExprID, op: BinaryOperator, right: ExprID)
    case unaryOp(op: UnaryOperator, operand: ExprID)
    case lambda(args: ArgumentsID, body: ExprID)
    case ifExp(test: ExprID, body: ExprID, orelse: ExprID)
    /// `keys[i] == nil` for a `**mapping` entry.
    case dict(keys: [ExprID?], values: [ExprID])
    case set(elts: [ExprID])
    case listComp(elt: ExprID, generators: [Comprehension])
    case setComp(elt: ExprID, generators: [Comprehension])
    case dictComp(key: ExprID, value: ExprID, generators: [Comprehension])
    case generatorExp(elt: ExprID, generators: [Comprehension])
    case await(value: ExprID)
    case yield(value: ExprID?)
    case yieldFrom(value: ExprID)
    case compare(left: ExprID, ops: [CompareOperator], comparators: [ExprID])
    case call(func: ExprID, args: [ExprID], keywords: [Keyword])
    /// `conversion` is -1 (none), or the code of `s`, `r`, `a` (115, 114, 97).
    case formattedValue(value: ExprID, conversion: Int32, formatSpec: ExprID?)
    /// PEP 750: `str` is the source text of the expression.
    case interpolation(value: ExprID, str: String, conversion: Int32, formatSpec: ExprID?)
    case joinedStr(values: [ExprID])
    case templateStr(values: [ExprID])
    /// `kind` is "u" for a `u"..."` literal, nil otherwise.
    case constant(value: ConstantValue, kind: String?)
    case attribute(value: ExprID, attr: String, ctx: ExprContext)
    case `subscript`(value: ExprID, slice: ExprID, ctx: ExprContext)
    case starred(value: ExprID, ctx: ExprContext)
    case name(id: String, ctx: ExprContext)
    case list(elts: [ExprID], ctx: ExprContext)
    case tuple(elts: [ExprID], ctx: ExprContext)
    case slice(lower: ExprID?, upper: ExprID?, step: ExprID?)
}

// MARK: - Function parameters

public struct Arg: Sendable {
    public var arg: String
    public var annotation: ExprID?
    public var typeComment: String?
    public var range: SourceRange
    public init(arg: String, annotation: ExprID?, typeComment: String? = nil, range: SourceRange) {
        self.arg = arg
        self.annotation = annotation
        self.typeComment = typeComment
        self.range = range
    }
}

public struct Arguments: Sendable {
    public var posonlyargs: [Arg]
    public var args: [Arg]
    public var vararg: Arg?
    public var kwonlyargs: [Arg]
    /// One per `kwonlyargs`, nil where that parameter has no default.
    public var kwDefaults: [ExprID?]
    public var kwarg: Arg?
    /// Defaults of the last `defaults.count` positional parameters.
    public var defaults: [ExprID]
    public init(posonlyargs: [Arg] = [], args: [Arg] = [], vararg: Arg? = nil, kwonlyargs: [Arg] = [], kwDefaults: [ExprID?] = [],
                kwarg: Arg? = nil, defaults: [ExprID] = []) {
        self.posonlyargs = posonlyargs
        self.args = args
        self.vararg = vararg
        self.kwonlyargs = kwonlyargs
        self.kwDefaults = kwDefaults
        self.kwarg = kwarg
        self.defaults = defaults
    }
}

// MARK: - Statements

public struct Alias: Sendable {
    public var name: String
    public var asname: String?
    public var range: SourceRange
    public init(name: String, asname: String?, range: SourceRange) {
        self.name = name
        self.asname = asname
        self.range = range
    }
}

public struct WithItem: Sendable {
    public var contextExpr: ExprID
    public var optionalVars: ExprID?
    public init(contextExpr: ExprID, optionalVars: ExprID?) {
        self.contextExpr = contextExpr
        self.optionalVars = optionalVars
    }
}

public struct ExceptHandler: Sendable {
    public var type: ExprID?
    public var name: String?
    public var body: [StmtID]
    public var range: SourceRange
    public init(type: ExprID?, name: String?, body: [StmtID], range: SourceRange) {
        self.type = type
        self.name = name
        self.body = body
        self.range = range
    }
}

public struct MatchCase: Sendable {
    public var pattern: PatternID
    public var guardExpr: ExprID?
    public var body: [StmtID]
    public init(pattern: PatternID, guardExpr: ExprID?, body: [StmtID]) {
        self.pattern = pattern
        self.guardExpr = guardExpr
        self.body = body
    }
}

/// PEP 695 / PEP 696 type parameters.
public struct TypeParam: Sendable {
    public enum Kind: Sendable {
        case typeVar(bound: ExprID?)
        case paramSpec
        case typeVarTuple
    }
    public var kind: Kind
    public var name: String
    public var defaultValue: ExprID?
    public var range: SourceRange
    public init(kind: Kind, name: String, defaultValue: ExprID?, range: SourceRange) {
        self.kind = kind
        self.name = name
        self.defaultValue = defaultValue
        self.range = range
    }
}

/// Shared by `FunctionDef` and `AsyncFunctionDef`.
public struct FunctionDef: Sendable {
    public var name: String
    public var args: ArgumentsID
    public var body: [StmtID]
    public var decoratorList: [ExprID]
    public var returns: ExprID?
    public var typeComment: String?
    public var typeParams: [TypeParam]
    public init(name: String, args: ArgumentsID, body: [StmtID], decoratorList: [ExprID], returns: ExprID?,
                typeComment: String? = nil, typeParams: [TypeParam] = []) {
        self.name = name
        self.args = args
        self.body = body
        self.decoratorList = decoratorList
        self.returns = returns
        self.typeComment = typeComment
        self.typeParams = typeParams
    }
}

public struct ClassDef: Sendable {
    public var name: String
    public var bases: [ExprID]
    public var keywords: [Keyword]
    public var body: [StmtID]
    public var decoratorList: [ExprID]
    public var typeParams: [TypeParam]
    public init(name: String, bases: [ExprID], keywords: [Keyword], body: [StmtID], decoratorList: [ExprID], typeParams: [TypeParam] = []) {
        self.name = name
        self.bases = bases
        self.keywords = keywords
        self.body = body
        self.decoratorList = decoratorList
        self.typeParams = typeParams
    }
}

public struct Stmt: Sendable {
    public var kind: StmtKind
    public var range: SourceRange
    public init(_ kind: StmtKind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}

public indirect enum StmtKind: Sendable {
    case functionDef(FunctionDef)
    case asyncFunctionDef(FunctionDef)
    case classDef(ClassDef)
    case `return`(value: ExprID?)
    case delete(targets: [ExprID])
    case assign(targets: [ExprID], value: ExprID, typeComment: String?)
    case typeAlias(name: ExprID, typeParams: [TypeParam], value: ExprID)
    case augAssign(target: ExprID, op: BinaryOperator, value: ExprID)
    /// `simple` is true for a bare name target not in parentheses.
    case annAssign(target: ExprID, annotation: ExprID, value: ExprID?, simple: Bool)
    case `for`(target: ExprID, iter: ExprID, body: [StmtID], orelse: [StmtID], typeComment: String?)
    case asyncFor(target: ExprID, iter: ExprID, body: [StmtID], orelse: [StmtID], typeComment: String?)
    case `while`(test: ExprID, body: [StmtID], orelse: [StmtID])
    case `if`(test: ExprID, body: [StmtID], orelse: [StmtID])
    case with(items: [WithItem], body: [StmtID], typeComment: String?)
    case asyncWith(items: [WithItem], body: [StmtID], typeComment: String?)
    case match(subject: ExprID, cases: [MatchCase])
    case raise(exc: ExprID?, cause: ExprID?)
    case `try`(body: [StmtID], handlers: [ExceptHandler], orelse: [StmtID], finalbody: [StmtID])
    case tryStar(body: [StmtID], handlers: [ExceptHandler], orelse: [StmtID], finalbody: [StmtID])
    case assert(test: ExprID, msg: ExprID?)
    case `import`(names: [Alias])
    /// `level` counts the leading dots of a relative import.
    case importFrom(module: String?, names: [Alias], level: Int32)
    case global(names: [String])
    case nonlocal(names: [String])
    case expr(value: ExprID)
    case pass
    case `break`
    case `continue`
}

// MARK: - Patterns

public struct Pattern: Sendable {
    public var kind: PatternKind
    public var range: SourceRange
    public init(_ kind: PatternKind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}

public enum PatternKind: Sendable {
    case matchValue(value: ExprID)
    /// `None`, `True` or `False`: `.none` or `.bool`.
    case matchSingleton(value: ConstantValue)
    case matchSequence(patterns: [PatternID])
    case matchMapping(keys: [ExprID], patterns: [PatternID], rest: String?)
    case matchClass(cls: ExprID, patterns: [PatternID], kwdAttrs: [String], kwdPatterns: [PatternID])
    case matchStar(name: String?)
    case matchAs(pattern: PatternID?, name: String?)
    case matchOr(patterns: [PatternID])
}

// MARK: - Comments, errors, the tree

/// A `# ...` comment, kept beside the tree (for `# nosec`, `# taintline: ignore[...]`, type comments).
public struct Comment: Sendable, Hashable {
    /// The comment text including the leading `#`.
    public var text: String
    public var line: Int32
    /// 0-based UTF-8 byte column of the `#`.
    public var column: Int32
    public init(text: String, line: Int32, column: Int32) {
        self.text = text
        self.line = line
        self.column = column
    }
}

/// A syntax error, as CPython words it where possible. Lines 1-based, columns 1-based (as in
/// CPython's `SyntaxError.offset`, which counts from 1).
public struct SyntaxError: Error, Sendable, Hashable {
    public var message: String
    public var line: Int
    public var column: Int
    public var endLine: Int?
    public var endColumn: Int?
    public init(message: String, line: Int, column: Int, endLine: Int? = nil, endColumn: Int? = nil) {
        self.message = message
        self.line = line
        self.column = column
        self.endLine = endLine
        self.endColumn = endColumn
    }

    /// The class of the exception CPython raises for this error: `IndentationError` and
    /// `TabError` are the subclasses of `SyntaxError` the tokenizer and the parser use for
    /// indentation problems; a tree too deep is a `RecursionError`.
    public var exceptionName: String {
        if message == "inconsistent use of tabs and spaces in indentation" { return "TabError" }
        if message == "maximum recursion depth exceeded during ast construction" { return "RecursionError" }
        if message == "unexpected indent" || message == "unexpected unindent" || message == "too many levels of indentation"
            || message == "unindent does not match any outer indentation level" || message.hasPrefix("expected an indented block") {
            return "IndentationError"
        }
        return "SyntaxError"
    }
}

/// A parsed module. Node ids index the arrays; `body` lists the top-level statements.
public struct SyntaxTree: Sendable {
    public var body: [StmtID] = []
    public var exprs: [Expr] = []
    public var stmts: [Stmt] = []
    public var patterns: [Pattern] = []
    public var arguments: [Arguments] = []
    public var comments: [Comment] = []
    /// String constants holding lone surrogates (`'\\ud800'`), which a Swift `String` cannot:
    /// their `.str` value has U+FFFD in those places, and here (by expression index) the
    /// exact text as WTF-8 bytes (surrogates encoded like other code points), so `repr` and
    /// the dump show what CPython shows.
    public var surrogateStrings: [Int32: [UInt8]] = [:]
    /// Empty when the file parsed cleanly. With errors, the tree still holds every statement
    /// that could be parsed (error recovery).
    public var errors: [SyntaxError] = []

    public init() {}

    public subscript(id: ExprID) -> Expr { exprs[Int(id.index)] }
    public subscript(id: StmtID) -> Stmt { stmts[Int(id.index)] }
    public subscript(id: PatternID) -> Pattern { patterns[Int(id.index)] }
    public subscript(id: ArgumentsID) -> Arguments { arguments[Int(id.index)] }

    public mutating func add(_ expr: Expr) -> ExprID {
        exprs.append(expr)
        return ExprID(Int32(exprs.count - 1))
    }

    public mutating func add(_ stmt: Stmt) -> StmtID {
        stmts.append(stmt)
        return StmtID(Int32(stmts.count - 1))
    }

    public mutating func add(_ pattern: Pattern) -> PatternID {
        patterns.append(pattern)
        return PatternID(Int32(patterns.count - 1))
    }

    public mutating func add(_ args: Arguments) -> ArgumentsID {
        arguments.append(args)
        return ArgumentsID(Int32(arguments.count - 1))
    }
}
