import PythonSyntax

/// Index of a scope in `SemanticModel.scopes`.
public struct ScopeID: Hashable, Sendable, Comparable {
    public let index: Int32
    public init(_ index: Int32) { self.index = index }
    public static func < (a: ScopeID, b: ScopeID) -> Bool { a.index < b.index }
    /// The module scope is always the first.
    public static let module = ScopeID(0)
}

/// Index of a binding in `SemanticModel.bindings`.
public struct BindingID: Hashable, Sendable, Comparable {
    public let index: Int32
    public init(_ index: Int32) { self.index = index }
    public static func < (a: BindingID, b: BindingID) -> Bool { a.index < b.index }
}

/// The kinds of Python scopes.
public enum ScopeKind: Sendable, Hashable {
    case module, `class`, function, lambda, comprehension
}

/// The syntax node that opens a scope.
public enum ScopeNode: Sendable, Hashable {
    case module
    case statement(StmtID)
    case expression(ExprID)
}

/// One scope: its kind, its parent, its qualified name, and the names bound in it.
public struct Scope: Sendable {
    public let kind: ScopeKind
    /// `f`, `C`, `<lambda>`, `<listcomp>`, or the module name.
    public let name: String
    public let parent: ScopeID?
    /// Dotted, with the module: `pkg.views.UserView.post`, `pkg.views.f.<lambda>`.
    public let qualifiedName: String
    public let node: ScopeNode
    /// Every binding of each name made in this scope, in source order.
    public internal(set) var symbols: [String: [BindingID]] = [:]
    public internal(set) var globalNames: Set<String> = []
    public internal(set) var nonlocalNames: Set<String> = []
}

/// What introduced a binding.
public enum BindingKind: Sendable, Hashable {
    /// `import a.b` (binds `a` to `a`), `import a.b as c` (`c` to `a.b`), `from m import x as y` (`y` to `m.x`).
    case imported(qualifiedName: String)
    case function(StmtID)
    case `class`(StmtID)
    /// Parameter `index` of the function or lambda whose scope is `owner`.
    case parameter(index: Int, owner: ScopeID)
    /// `x = value` (also `x: T = value`, walrus, and element-wise tuple unpacking of a
    /// literal tuple). `value` is nil when the assigned value is not known as one expression
    /// (unpacking of a non-literal).
    case assignment(value: ExprID?)
    /// `x += value`.
    case augmentedAssignment(op: BinaryOperator, value: ExprID)
    /// Target of `for`, or of a comprehension's `for`, iterating over `iterable`.
    case loopTarget(iterable: ExprID)
    /// `with context as x`.
    case withTarget(context: ExprID)
    /// `except T as x`.
    case exceptionHandler(type: ExprID?)
    /// A capture in a `match` pattern.
    case matchCapture
    /// `del x`.
    case deletion
}

/// One binding of a name.
public struct Binding: Sendable {
    public let name: String
    public let kind: BindingKind
    /// The scope the name belongs to (after `global`/`nonlocal`).
    public let scope: ScopeID
    /// The statement that binds it, when it is a statement.
    public let statement: StmtID?
    /// The `Name` node written, when there is one.
    public let target: ExprID?
    /// Where the binding is written (for locations).
    public let range: SourceRange
    /// Byte offset from which the binding is in effect (after the assigned value is evaluated).
    let position: Int32
    /// The statement block it is made in (for the straight-line reaching approximation).
    let block: Int32
}

/// A model of one module that rules and analyses ask instead of matching text: scopes and
/// bindings, what each name refers to after imports and aliases, the qualified name of each
/// call, folded constant values and def-use chains. All tables are keyed by node ids of the
/// `SyntaxTree` the model was built from. Immutable once built, so it is safe to share
/// between threads.
public final class SemanticModel: Sendable {
    public let tree: SyntaxTree
    /// Dotted module name (`pkg.views`).
    public let moduleName: String
    /// True for a package's `__init__`.
    public let isPackage: Bool
    public let scopes: [Scope]
    public let bindings: [Binding]
    /// Modules imported with `from m import *` at module level.
    public let starImports: [String]

    let exprScopes: [Int32]
    let stmtScopes: [Int32]
    let exprBlocks: [Int32]
    let blockParents: [Int32]
    /// By expression index, for each loaded `Name` (and augmented-assignment target): the
    /// bindings that may reach it. Arrays, not dictionaries: these are read for every name.
    let useDefTable: [[BindingID]?]
    /// By expression index: loaded names bound nowhere in the module (builtins, star imports).
    let unboundTable: [Bool]
    let defUses: [BindingID: [ExprID]]

    /// Builds the model of `tree`, a module named `moduleName`.
    public init(tree: SyntaxTree, moduleName: String, isPackage: Bool = false) {
        var builder = ModelBuilder(tree: tree, moduleName: moduleName, isPackage: isPackage)
        builder.run()
        self.tree = tree
        self.moduleName = moduleName
        self.isPackage = isPackage
        self.scopes = builder.scopes
        self.bindings = builder.bindings
        self.starImports = builder.starImports
        self.exprScopes = builder.exprScopes
        self.stmtScopes = builder.stmtScopes
        self.exprBlocks = builder.exprBlocks
        self.blockParents = builder.blockParents
        self.useDefTable = builder.useDefs
        self.unboundTable = builder.unboundUses
        var inverse: [BindingID: [ExprID]] = [:]
        for (index, defs) in builder.useDefs.enumerated() {
            guard let defs else { continue }
            for def in defs { inverse[def, default: []].append(ExprID(Int32(index))) }
        }
        self.defUses = inverse
    }

    // MARK: Scopes

    public subscript(id: ScopeID) -> Scope { scopes[Int(id.index)] }
    public subscript(id: BindingID) -> Binding { bindings[Int(id.index)] }

    /// The scope an expression is evaluated in; nil for a node not reachable from the module body.
    public func scope(of expr: ExprID) -> ScopeID? {
        let index = Int(expr.index)
        guard index >= 0, index < exprScopes.count, exprScopes[index] >= 0 else { return nil }
        return ScopeID(exprScopes[index])
    }

    /// The scope a statement is executed in; nil for a node not reachable from the module body.
    public func scope(of stmt: StmtID) -> ScopeID? {
        let index = Int(stmt.index)
        guard index >= 0, index < stmtScopes.count, stmtScopes[index] >= 0 else { return nil }
        return ScopeID(stmtScopes[index])
    }

    /// The nearest enclosing function, class or module scope (lambdas and comprehensions are
    /// looked through), as used for "enclosing function" in findings.
    public func enclosingDefinitionScope(_ scope: ScopeID) -> ScopeID {
        var current = scope
        while true {
            let s = self[current]
            if s.kind == .function || s.kind == .class || s.kind == .module { return current }
            guard let parent = s.parent else { return current }
            current = parent
        }
    }

    /// The enclosing function or class, qualified without the module (`UserView.post`); nil at module level.
    public func enclosingName(of expr: ExprID) -> String? {
        guard let scope = scope(of: expr) else { return nil }
        return localQualifiedName(enclosingDefinitionScope(scope))
    }

    /// The enclosing function or class of a statement, as `enclosingName(of:)`.
    public func enclosingName(of stmt: StmtID) -> String? {
        guard let scope = scope(of: stmt) else { return nil }
        return localQualifiedName(enclosingDefinitionScope(scope))
    }

    /// A scope's qualified name without the module prefix; nil for the module scope.
    public func localQualifiedName(_ scope: ScopeID) -> String? {
        let s = self[scope]
        if s.kind == .module { return nil }
        let prefix = moduleName + "."
        return s.qualifiedName.hasPrefix(prefix) ? String(s.qualifiedName.dropFirst(prefix.count)) : s.qualifiedName
    }

    /// The scope opened by a `def`/`class` statement.
    public func scope(openedBy stmt: StmtID) -> ScopeID? {
        scopes.indices.first { scopes[$0].node == .statement(stmt) }.map { ScopeID(Int32($0)) }
    }

    // MARK: Bindings and def-use

    /// Bindings of `name` made in `scope`, in source order.
    public func bindings(named name: String, in scope: ScopeID) -> [BindingID] {
        self[scope].symbols[name] ?? []
    }

    /// The value of a name whose only reaching binding is a plain assignment (`x = value`);
    /// nil for other expressions, several reaching definitions, parameters and imports.
    public func assignedValue(of name: ExprID) -> ExprID? {
        guard case .name = tree[name].kind else { return nil }
        let defs = reachingBindings(of: name)
        guard defs.count == 1, case .assignment(let value?) = self[defs[0]].kind else { return nil }
        return value
    }

    /// An expression with one local assignment followed: a name's single assigned value (nil
    /// when it has none or several), any other expression itself.
    public func followingOneAssignment(_ expr: ExprID) -> ExprID? {
        if case .name = tree[expr].kind { return assignedValue(of: expr) }
        return expr
    }

    /// For a loaded `Name` (or an augmented-assignment target): the bindings whose value may
    /// be the one read there. Within one scope this is a straight-line approximation: the
    /// last binding before the use that certainly executes, plus the conditional ones after
    /// it. A use inside a nested function sees every binding of the enclosing scope. Empty
    /// for builtins and names bound nowhere.
    public func reachingBindings(of use: ExprID) -> [BindingID] {
        useDefs(use) ?? []
    }

    func useDefs(_ use: ExprID) -> [BindingID]? {
        let index = Int(use.index)
        guard index >= 0, index < useDefTable.count else { return nil }
        return useDefTable[index]
    }

    /// The uses that a binding may reach, in source order.
    public func uses(of binding: BindingID) -> [ExprID] {
        defUses[binding] ?? []
    }

    /// True when a loaded name is bound nowhere in the module (a builtin, or a star import).
    public func isUnbound(_ use: ExprID) -> Bool {
        let index = Int(use.index)
        return index >= 0 && index < unboundTable.count && unboundTable[index]
    }

    /// Is the binding's scope a function whose first parameter this is (`self`/`cls` of a method)?
    public func isMethodReceiver(_ binding: BindingID) -> Bool {
        guard case .parameter(0, let owner) = self[binding].kind else { return false }
        let function = self[owner]
        guard function.kind == .function, let parent = function.parent, self[parent].kind == .class else { return false }
        if case .statement(let stmt) = function.node, case .functionDef(let def) = tree[stmt].kind {
            for decorator in def.decoratorList where tree.nameIdentifier(decorator) == "staticmethod" { return false }
        }
        return true
    }

    // MARK: Qualified names

    /// What a `Name`/`Attribute` chain refers to after imports and aliases:
    /// `P` → `subprocess.Popen` after `from subprocess import Popen as P`; `h.new` →
    /// `hashlib.new` after `import hashlib as h`; a local `def system()` → `mymodule.system`;
    /// a builtin → `builtins.eval`. Nil when the name is a parameter, a computed value, or
    /// otherwise unknown.
    public func qualifiedName(of expr: ExprID) -> String? {
        qualifiedName(expr, depth: 0)
    }

    /// The qualified name of the function a call calls (`qualifiedName(of:)` of its `func`).
    public func calleeName(of call: ExprID) -> String? {
        guard case .call(let function, _, _) = tree[call].kind else { return nil }
        return qualifiedName(function, depth: 0)
    }

    /// What a binding refers to, when it names something with a qualified name (an import, a
    /// function or class, or an alias `run = subprocess.run`).
    public func qualifiedName(of binding: BindingID) -> String? {
        qualifiedName(binding: binding, depth: 0)
    }

    func qualifiedName(_ expr: ExprID, depth: Int) -> String? {
        guard depth < 24 else { return nil }
        switch tree[expr].kind {
        case .name(let id, _):
            if let defs = useDefs(expr), !defs.isEmpty {
                // `try: import cPickle as pickle` / `except ImportError: import pickle`:
                // alternative imports of one name resolve to the preferred (first) one.
                if defs.count > 1, defs.allSatisfy({ if case .imported = self[$0].kind { return true } else { return false } }),
                   let first = defs.min(), case .imported(let name) = self[first].kind {
                    return name
                }
                var result: String?
                for def in defs {
                    guard let name = qualifiedName(binding: def, depth: depth + 1) else { return nil }
                    if let existing = result, existing != name { return nil }
                    result = name
                }
                return result
            }
            if isUnbound(expr), starImports.isEmpty, Builtins.names.contains(id) {
                return "builtins." + id
            }
            // Code that uses a module it never imports (a snippet, an import made elsewhere):
            // a well-known module name bound nowhere in the module is taken to be that module.
            if isUnbound(expr), Builtins.wellKnownModules.contains(id) { return id }
            return nil
        case .attribute(let value, let attr, _):
            guard let base = qualifiedName(value, depth: depth + 1) else { return nil }
            return base + "." + attr
        case .call(let function, let args, let keywords):
            // `getattr(os, "system")`, `__import__("os")`, `importlib.import_module("os.path")`:
            // a constant attribute or module looked up dynamically is that attribute or module.
            guard keywords.isEmpty, let callee = qualifiedName(function, depth: depth + 1) else { return nil }
            if callee == "builtins.getattr", args.count == 2, let base = qualifiedName(args[0], depth: depth + 1),
               let attr = constantString(of: args[1]), attr.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
                return base + "." + attr
            }
            if callee == "builtins.__import__" || callee == "importlib.import_module", args.count == 1, let module = constantString(of: args[0]) {
                // `__import__("os.path")` returns the top package; `import_module` the module itself.
                return callee == "builtins.__import__" ? String(module.split(separator: ".").first ?? "") : module
            }
            return nil
        default:
            return nil
        }
    }

    func qualifiedName(binding id: BindingID, depth: Int) -> String? {
        guard depth < 24 else { return nil }
        let binding = self[id]
        switch binding.kind {
        case .imported(let name):
            return name
        case .function, .class:
            return self[binding.scope].qualifiedName + "." + binding.name
        case .assignment(let value?):
            switch tree[value].kind {
            case .name, .attribute, .call: return qualifiedName(value, depth: depth + 1)
            default: return nil
            }
        default:
            return nil
        }
    }

    /// The class a name was constructed from, approximately: for `app = Flask(__name__)`,
    /// `app` → `flask.Flask`; for `with open(p) as f`, `f` → `builtins.open`. Nil when the
    /// reaching bindings disagree or are not calls.
    public func constructorName(of expr: ExprID) -> String? {
        guard case .name = tree[expr].kind, let defs = useDefs(expr), !defs.isEmpty else {
            if case .call = tree[expr].kind { return calleeName(of: expr) }
            // `(await asyncpg.connect()).fetch(...)`
            if case .await(let inner) = tree[expr].kind, case .call = tree[inner].kind { return calleeName(of: inner) }
            return nil
        }
        var result: String?
        for def in defs {
            let value: ExprID?
            switch self[def].kind {
            case .assignment(let v): value = v
            case .withTarget(let context): value = context
            default: value = nil
            }
            // `files = None` at module level, set by an `init()` elsewhere: a placeholder, not a kind.
            if let value, case .constant(.none, _) = tree[value].kind, defs.count > 1 { continue }
            // `conn = await asyncpg.connect()`: what the awaited call makes.
            var made = value
            if let awaited = value, case .await(let inner) = tree[awaited].kind { made = inner }
            guard let made, let name = calleeName(of: made) else { return nil }
            if let existing = result, existing != name { return nil }
            result = name
        }
        return result
    }

    // MARK: Decorators

    /// A decorator resolved: the qualified name of the decorator (or of the called factory for
    /// `@app.route("/")`-style calls) and, for a method on an instance, the instance's class.
    public struct Decorator: Sendable {
        public let expr: ExprID
        /// The call node for `@factory(...)` decorators.
        public let call: ExprID?
        /// `functools.wraps`, `app.route` resolved (`flask.Flask.route` is not inferred: see `receiverClass`).
        public let qualifiedName: String?
        /// For `@obj.method(...)`: the class `obj` was constructed from (`flask.Flask`), and `method`.
        public let receiverClass: String?
        public let attribute: String?
    }

    /// The decorators of a `def` or `class` statement, resolved.
    public func decorators(of stmt: StmtID) -> [Decorator] {
        let list: [ExprID]
        switch tree[stmt].kind {
        case .functionDef(let def), .asyncFunctionDef(let def): list = def.decoratorList
        case .classDef(let def): list = def.decoratorList
        default: return []
        }
        return list.map { expr in
            var target = expr
            var call: ExprID?
            if case .call(let function, _, _) = tree[expr].kind {
                call = expr
                target = function
            }
            var receiver: String?
            var attribute: String?
            if case .attribute(let value, let attr, _) = tree[target].kind {
                attribute = attr
                receiver = constructorName(of: value)
            }
            return Decorator(expr: expr, call: call, qualifiedName: qualifiedName(of: target), receiverClass: receiver, attribute: attribute)
        }
    }
}

/// Python's builtin names (3.11+), for resolving unbound names to `builtins.*`.
public enum Builtins {
    /// Top-level modules whose names, used without an import, are assumed to mean the module.
    public static let wellKnownModules: Set<String> = [
        "os", "sys", "subprocess", "shutil", "tempfile", "pickle", "cPickle", "marshal", "shelve", "dill", "jsonpickle",
        "yaml", "hashlib", "hmac", "random", "secrets", "ssl", "socket", "telnetlib", "ftplib", "smtplib", "urllib", "urllib2",
        "urllib3", "requests", "httpx", "xml", "lxml", "tarfile", "zipfile", "sqlite3", "logging", "commands", "popen2",
        "jinja2", "mako", "flask", "django", "paramiko", "jwt", "Crypto", "Cryptodome", "cryptography", "torch", "pandas",
        "markupsafe", "html", "base64", "codecs", "importlib", "ctypes", "pty", "asyncio",
    ]
    public static let names: Set<String> = [
        "abs", "aiter", "all", "anext", "any", "ascii", "bin", "bool", "breakpoint", "bytearray", "bytes", "callable",
        "chr", "classmethod", "compile", "complex", "delattr", "dict", "dir", "divmod", "enumerate", "eval", "exec",
        "filter", "float", "format", "frozenset", "getattr", "globals", "hasattr", "hash", "help", "hex", "id",
        "input", "int", "isinstance", "issubclass", "iter", "len", "list", "locals", "map", "max", "memoryview", "min",
        "next", "object", "oct", "open", "ord", "pow", "print", "property", "range", "repr", "reversed", "round", "set",
        "setattr", "slice", "sorted", "staticmethod", "str", "sum", "super", "tuple", "type", "vars", "zip",
        "__import__", "__build_class__", "__name__", "__file__", "__doc__", "__spec__", "__loader__", "__package__",
        "Exception", "BaseException", "ValueError", "TypeError", "KeyError", "IndexError", "RuntimeError", "OSError",
        "NotImplemented", "NotImplementedError", "StopIteration", "AttributeError", "ImportError", "Ellipsis",
    ]
}
