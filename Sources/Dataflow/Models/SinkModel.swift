import PythonSemantics
import PythonSyntax

/// One sink, as data: a callee (a function by qualified name, or a method restricted by the
/// object it is called on), the argument that carries data into it, and the kind of sink it is.
/// Rules do not list their sinks; they ask `SinkCatalog.matches(call, kind:)` and keep only what
/// is particular to their finding (how the payload looks, which checks make it safe).
public struct SinkModel: Sendable {
    public let kind: SinkKind
    public let callee: Callee
    public let argument: Argument
    /// What the argument is to the sink, when a finding should say (`host`, `filter`, `base DN`).
    public let role: String?
    /// A sink that is one only in some calls (`client.stream("GET", url)` takes a method first).
    public let condition: Condition

    public init(_ kind: SinkKind, _ callee: Callee, _ argument: Argument, role: String? = nil, when condition: Condition = .always) {
        self.kind = kind
        self.callee = callee
        self.argument = argument
        self.role = role
        self.condition = condition
    }

    public enum Callee: Sendable, Hashable {
        /// A function or class, by its qualified name (`subprocess.run`, `lxml.etree.XPath`).
        case function(String)
        /// A method (`cursor.execute`), on a receiver restricted by `Receiver`.
        case method(String, on: Receiver)
        /// Any call that passes the row's keyword (MongoEngine's `Movie.objects(__raw__=doc)`,
        /// `.filter(__raw__=doc)`): the keyword is the sink, whoever takes it.
        case anyCallable
    }

    /// What a method's receiver must be for the call to be the sink: the same method name on an
    /// unrelated object (`dict.search`, a game's `execute`) is not.
    public enum Receiver: Sendable, Hashable {
        /// Any object: the method name is distinctive on its own (`tree.xpath(...)`).
        case any
        /// An object made by one of these callables (qualified names; an entry ending in `.` is a
        /// module prefix), directly (`ldap.initialize(...).search_s`) or through a local bound to
        /// such a call, or reached from one through the `through` methods (`tree.getroot()`), or
        /// an attribute of one of the `attributes` names (`app.jinja_env`).
        /// Or, with `names`, a bare name of these whose origin is not visible (an imported or
        /// passed-in `logger`): for objects known by their conventional name.
        case made(by: [String], through: Set<String> = [], attributes: Set<String> = [], names: Set<String> = [])
        /// A `pathlib` path: made by `Path(...)` (or a peer), or built with `/`, here or in the
        /// local it was assigned to.
        case pathObject
        /// The result of a `session.query(...)` call (SQLAlchemy's `Query`), directly, through a
        /// chain of the query's own methods, or in a local.
        case queryChain
        /// An object the model cannot name and that is not text: a database handle reached
        /// through attributes or items (`db.users`, `client["app"]["users"]`, a parameter). The
        /// method names of such rows are the library's own (`find_one_and_update`), but `find`
        /// on a string constant, or on a local holding one, is `str.find`.
        case unnamed
    }

    /// Where the data enters: positional index and/or keyword names; or every positional
    /// argument from an index on (`os.execl(path, arg0, arg1, ...)`).
    public struct Argument: Sendable, Hashable {
        public let position: Int?
        public let keywords: [String]
        public let rest: Bool
        /// The data is the method's receiver (`path.read_text()`).
        public var isReceiver = false
        /// Every argument, positional and keyword, but the keywords listed (a log call logs them all
        /// but `exc_info`, `extra`, ...).
        public var everyArgumentExcept: Set<String>? = nil

        public static let receiver = Argument(position: nil, keywords: [], rest: false, isReceiver: true)

        public static func at(_ position: Int, _ keywords: String...) -> Argument { Argument(position: position, keywords: keywords, rest: false) }
        public static func keyword(_ keywords: String...) -> Argument { Argument(position: nil, keywords: keywords, rest: false) }
        public static func positional(from position: Int) -> Argument { Argument(position: position, keywords: [], rest: true) }
        public static func every(except keywords: Set<String>) -> Argument {
            Argument(position: nil, keywords: [], rest: false, everyArgumentExcept: keywords)
        }
    }

    public enum Condition: Sendable, Hashable {
        case always
        /// The first positional argument is an upper-case string constant (an HTTP method).
        case firstArgumentIsHTTPMethod
        /// The first positional argument is not such a constant.
        case firstArgumentIsNotHTTPMethod
        /// The module imports one of these packages (`sqlalchemy`): a method name common to many
        /// libraries (`filter`, `order_by`) is this library's only there.
        case moduleImports([String])
        /// The argument at `position` or `keyword` is a constant containing `text` (Starlette's
        /// `Response(content, status, headers, media_type="text/html")`).
        case argumentContains(position: Int, keyword: String, text: String)
        /// `shell=` may be true (`true`) or is surely false or absent (`false`): a constant by
        /// Python's truthiness, a container display by whether it is empty, anything else may be
        /// true at run time (as bandit reads it).
        case shellKeyword(Bool)
    }
}

/// A call found to be a sink: the row that matched, the argument expression that carries data
/// into it, and how to name the callee in a finding.
public struct SinkMatch: Sendable {
    public let model: SinkModel
    public let argument: ExprID
    /// The function's qualified name (without `builtins.`), or `.method` for a method.
    public let callee: String
    /// For a method: the object it is called on.
    public let receiver: ExprID?
}

extension SinkCatalog {
    /// Rows indexed by qualified name (functions) and by method name (methods).
    struct Index: Sendable {
        var functions: [String: [SinkModel]] = [:]
        var methods: [String: [SinkModel]] = [:]
        /// Rows of any callee, by the keyword that makes the call a sink.
        var keywords: [String: [SinkModel]] = [:]

        init(_ rows: [SinkModel]) {
            for row in rows {
                switch row.callee {
                case .function(let name): functions[name, default: []].append(row)
                case .method(let name, _): methods[name, default: []].append(row)
                case .anyCallable: for keyword in row.argument.keywords { keywords[keyword, default: []].append(row) }
                }
            }
        }
    }

    static let index = Index(rows)

    /// Every sink of `kind` the call at `call` is, with the argument that carries data into it
    /// (one match per argument: an LDAP search's base and filter are two). Empty when the call
    /// is no sink of that kind, or the argument is not passed.
    /// `calleeName` stands for the callee's own name when the caller knows better (a project
    /// class derived from a sink class is called by its base's name).
    public static func matches(_ call: ExprID, kind: SinkKind, in model: SemanticModel, calleeName: String? = nil) -> [SinkMatch] {
        guard case .call(let function, let args, let keywords) = model.tree[call].kind else { return [] }
        return matches(function: function, args: args, keywords: keywords, kind: kind, in: model, calleeName: calleeName ?? model.qualifiedName(of: function))
    }

    /// The same for a call whose callee and arguments are resolved (`FlowContext.call`: a
    /// partial application's call is its function's, with the bound arguments).
    public static func matches(_ call: CallInfo, kind: SinkKind, in model: SemanticModel, calleeName: String? = nil) -> [SinkMatch] {
        matches(function: call.function, args: call.args, keywords: call.keywords, kind: kind, in: model, calleeName: calleeName ?? call.name)
    }

    static func matches(function: ExprID, args: [ExprID], keywords: [Keyword], kind: SinkKind, in model: SemanticModel, calleeName: String?) -> [SinkMatch] {
        let tree = model.tree
        var out: [SinkMatch] = []
        if let name = calleeName, let rows = index.functions[name] {
            for row in rows where row.kind == kind && holds(row.condition, args, keywords, model) {
                for argument in arguments(row.argument, args, keywords, tree) {
                    out.append(SinkMatch(model: row, argument: argument, callee: name.replacingOccurrences(of: "builtins.", with: ""), receiver: nil))
                }
            }
        }
        for keyword in keywords where keyword.arg != nil {
            for row in index.keywords[keyword.arg!] ?? [] where row.kind == kind && holds(row.condition, args, keywords, model) {
                out.append(SinkMatch(model: row, argument: keyword.value, callee: tree.dottedName(function) ?? "call", receiver: nil))
            }
        }
        // `search = conn.extend.standard.paged_search` then `search(...)`: a bound method kept in a local.
        var callee = function
        if case .name = tree[function].kind, let bound = model.assignedValue(of: function), case .attribute = tree[bound].kind { callee = bound }
        if case .attribute(let receiver, let method, _) = tree[callee].kind, let rows = index.methods[method] {
            for row in rows where row.kind == kind && holds(row.condition, args, keywords, model) {
                guard case .method(_, let on) = row.callee, isReceiver(receiver, on, model) else { continue }
                for argument in row.argument.isReceiver ? [receiver] : arguments(row.argument, args, keywords, tree) {
                    out.append(SinkMatch(model: row, argument: argument, callee: "." + method, receiver: receiver))
                }
            }
        }
        return out
    }

    /// True when the function `qualifiedName` is listed as a sink of `kind`, whatever arguments
    /// a call passes (a name-based rule reports it even where the data argument is unseen).
    public static func lists(_ qualifiedName: String, kind: SinkKind) -> Bool {
        index.functions[qualifiedName]?.contains { $0.kind == kind } ?? false
    }

    /// True when the function `qualifiedName` is a sink of some kind.
    public static func listsAny(_ qualifiedName: String) -> Bool { index.functions[qualifiedName] != nil }

    /// Every qualified name and method listed for `kind`: for documentation and tests.
    public static func names(of kind: SinkKind) -> [String] {
        rows.filter { $0.kind == kind }.map { row in
            switch row.callee {
            case .function(let name): return name
            case .method(let name, .any): return ".\(name)"
            case .method(let name, .made(let makers, _, _, _)): return "\(makers.first ?? "…")….\(name)"
            case .method(let name, .pathObject): return "pathlib.Path….\(name)"
            case .method(let name, .queryChain): return "session.query(…).\(name)"
            case .method(let name, .unnamed): return "….\(name)"
            case .anyCallable: return "…(\(row.argument.keywords.joined(separator: ", "))=…)"
            }
        }
    }

    static func arguments(_ argument: SinkModel.Argument, _ args: [ExprID], _ keywords: [Keyword], _ tree: SyntaxTree) -> [ExprID] {
        if let excluded = argument.everyArgumentExcept {
            return args + keywords.filter { !excluded.contains($0.arg ?? "") }.map(\.value)
        }
        let starred = args.firstIndex { if case .starred = tree[$0].kind { return true } else { return false } }
        if let position = argument.position {
            if argument.rest {
                return args.indices.filter { $0 >= position }.map { args[$0] }
            }
            // A positional argument after `*rest` may be anywhere: only one before it is known.
            if position < args.count, starred.map({ $0 > position }) ?? true { return [args[position]] }
        }
        for keyword in argument.keywords {
            if let value = keywords.first(where: { $0.arg == keyword })?.value { return [value] }
        }
        return []
    }

    static func holds(_ condition: SinkModel.Condition, _ args: [ExprID], _ keywords: [Keyword], _ model: SemanticModel) -> Bool {
        switch condition {
        case .always: return true
        case .firstArgumentIsHTTPMethod, .firstArgumentIsNotHTTPMethod:
            let isMethod = args.first.flatMap { model.constantString(of: $0) }.map { !$0.isEmpty && $0.uppercased() == $0 } ?? false
            return isMethod == (condition == .firstArgumentIsHTTPMethod)
        case .argumentContains(let position, let keyword, let text):
            let value = position < args.count ? args[position] : keywords.first { $0.arg == keyword }?.value
            return value.flatMap { model.constantString(of: $0) }.map { $0.lowercased().contains(text) } ?? false
        case .shellKeyword(let wanted):
            return shellMayBeTrue(keywords.first { $0.arg == "shell" }?.value, model) == wanted
        case .moduleImports(let packages):
            return model.bindings.contains { binding in
                guard case .imported(let name) = binding.kind else { return false }
                return packages.contains { name == $0 || name.hasPrefix($0 + ".") }
            }
        }
    }

    /// Can a `shell=` value be true? (See `Condition.shellKeyword`.)
    public static func shellMayBeTrue(_ value: ExprID?, _ model: SemanticModel) -> Bool {
        guard let value else { return false }
        if let constant = model.constantValue(of: value) { return constant.isTruthy }
        switch model.tree[value].kind {
        case .list(let elts, _), .tuple(let elts, _), .set(let elts): return !elts.isEmpty
        case .dict: return !isEmptyDict(value, model)
        default: return true
        }
    }

    /// `{}`, `{**{}}`, `{**{**{}}}`: a dict display that is empty whatever runs.
    static func isEmptyDict(_ expr: ExprID, _ model: SemanticModel, depth: Int = 0) -> Bool {
        guard depth < 8, case .dict(let keys, let values) = model.tree[expr].kind else { return false }
        return zip(keys, values).allSatisfy { key, value in key == nil && isEmptyDict(value, model, depth: depth + 1) }
    }

    static let pathClasses: Set<String> = ["pathlib.Path", "pathlib.PurePath", "pathlib.PosixPath", "pathlib.WindowsPath", "pathlib.PurePosixPath"]

    /// Methods of a SQLAlchemy `Query` that return the query (a chain stays a query).
    static let queryMethods: Set<String> = ["filter", "filter_by", "order_by", "group_by", "having", "join", "outerjoin", "options",
                                            "select_from", "where", "distinct", "limit", "offset"]

    static func isReceiver(_ receiver: ExprID, _ wanted: SinkModel.Receiver, _ model: SemanticModel, depth: Int = 0) -> Bool {
        if case .queryChain = wanted {
            var value = receiver
            for _ in 0..<12 {
                if case .name = model.tree[value].kind, let bound = model.assignedValue(of: value) { value = bound; continue }
                guard case .call(let function, _, _) = model.tree[value].kind, case .attribute(let base, let method, _) = model.tree[function].kind else { return false }
                if method == "query" { return true }
                guard queryMethods.contains(method) else { return false }
                value = base
            }
            return false
        }
        if case .pathObject = wanted {
            var value = receiver
            if case .name = model.tree[receiver].kind, let bound = model.assignedValue(of: receiver) { value = bound }
            switch model.tree[value].kind {
            case .binOp(_, .div, _): return true
            case .call(let function, _, _): return model.qualifiedName(of: function).map { pathClasses.contains($0) } ?? false
            default: return false
            }
        }
        if case .unnamed = wanted {
            if model.qualifiedName(of: receiver) != nil || model.constantValue(of: receiver) != nil { return false }
            if case .name = model.tree[receiver].kind, model.stringShape(of: receiver).isConstant { return false }
            return true
        }
        guard case .made(let makers, let through, let attributes, let names) = wanted else { return true }
        // `logger.info(...)` with `logger` imported or passed in: known by its name, unless the
        // name it resolves to says otherwise (`math.log`).
        if !names.isEmpty, case .name(let id, _) = model.tree[receiver].kind, names.contains(id) {
            guard let qualified = model.qualifiedName(of: receiver) else { return true }
            if names.contains(where: { qualified.hasSuffix("." + $0) }) { return true }
        }
        if let made = model.constructorName(of: receiver), matchesMaker(made, makers) { return true }
        // `engines["django"].from_string(...)`: an item of a registry the row names.
        if case .subscript(let base, _, _) = model.tree[receiver].kind, let name = model.qualifiedName(of: base), matchesMaker(name, makers) { return true }
        // `engine = engines["django"]` then `engine.from_string(...)`: what the local holds.
        if depth < 3, case .name = model.tree[receiver].kind, let bound = model.assignedValue(of: receiver),
           isReceiver(bound, wanted, model, depth: depth + 1) { return true }
        if case .attribute(let base, let name, _) = model.tree[receiver].kind {
            if attributes.contains(name) { return true }
            // `conn.extend.standard.paged_search(...)`: an attribute on the way to the method.
            if through.contains(name), depth < 4 { return isReceiver(base, wanted, model, depth: depth + 1) }
        }
        // `tree.getroot().findall(...)`, or `root = tree.getroot()` then `root.findall(...)`.
        guard depth < 3, !through.isEmpty else { return false }
        var value = receiver
        if case .name = model.tree[receiver].kind, let bound = model.assignedValue(of: receiver) { value = bound }
        guard case .call(let function, _, _) = model.tree[value].kind, case .attribute(let inner, let method, _) = model.tree[function].kind,
              through.contains(method) else { return false }
        return isReceiver(inner, wanted, model, depth: depth + 1)
    }

    static func matchesMaker(_ name: String, _ makers: [String]) -> Bool {
        makers.contains { $0.hasSuffix(".") ? name.hasPrefix($0) : name == $0 }
    }
}
