import PythonSemantics
import PythonSyntax

/// Values a function stores into a local it does not track element by element: `d[k] = v` and
/// `d[k] += v` into a dict some call returned (`defaultdict(str)`, `lib.make()`), `s.add(v)` into
/// a set, `l[0] += v` into a list whose slot was rewritten in a way `ContainerFlow` gives up on.
/// Without these, data stored into such a container and read back out (`os.system(d["k"])`)
/// was lost: the name's only binding (`d = defaultdict(str)`) holds nothing from the request.
/// Also `obj.attr = v` into a local object (kept as `obj.attr`). Keyed by scope and name; one
/// linear pass over the module.
package struct ContainerStores: Sendable {
    /// Methods that put their arguments into the object they are called on, and which arguments:
    /// nil for every positional argument and keyword value.
    static let storingMethods: [String: Int?] = [
        "append": 0, "add": 0, "appendleft": 0, "extend": 0, "extendleft": 0, "update": nil, "insert": 1, "setdefault": 1,
        "put": 0, "put_nowait": 0, "push": 0,
    ]

    /// Scope → name → the stored values, in source order.
    let stores: [ScopeID: [String: [ExprID]]]
    /// Scope → the names every store into which is `name[constant] = value`: a mapping with
    /// the program's keys, whose iteration (its keys) carries none of the values.
    let constantKeyed: [ScopeID: Set<String>]

    init(stores: [ScopeID: [String: [ExprID]]], constantKeyed: [ScopeID: Set<String>]) {
        self.stores = stores
        self.constantKeyed = constantKeyed
    }

    static let empty = ContainerStores(stores: [:], constantKeyed: [:])

    package init(model: SemanticModel) {
        let tree = model.tree
        var stores: [ScopeID: [String: [ExprID]]] = [:]
        var keyed: [ScopeID: Set<String>] = [:], otherwise: [ScopeID: Set<String>] = [:]
        func record(_ base: ExprID, _ values: [ExprID], at stmt: StmtID, constantKey: Bool = false) {
            guard case .name(let id, _) = tree[base].kind, let scope = model.scope(of: stmt) else { return }
            stores[scope, default: [:]][id, default: []].append(contentsOf: values)
            if constantKey { keyed[scope, default: []].insert(id) } else { otherwise[scope, default: []].insert(id) }
        }
        for index in tree.stmts.indices {
            let stmt = StmtID(Int32(index))
            switch tree[stmt].kind {
            case .assign(let targets, let value, _):
                for target in targets {
                    switch tree[target].kind {
                    case .subscript(let base, let key, _):
                        record(base, [value], at: stmt, constantKey: model.constantValue(of: key) != nil)
                    case .attribute(let base, let attr, _):
                        // `b = Bag(); b.host = value`: kept as the local's attribute, `b.host`.
                        guard case .name(let id, _) = tree[base].kind, let scope = model.scope(of: stmt) else { continue }
                        stores[scope, default: [:]][id + "." + attr, default: []].append(value)
                    default:
                        continue
                    }
                }
            case .augAssign(let target, _, let value):
                if case .subscript(let base, _, _) = tree[target].kind { record(base, [value], at: stmt) }
            case .expr(let value):
                guard case .call(let function, let args, let keywords) = tree[value].kind,
                      case .attribute(let base, let method, _) = tree[function].kind, let position = Self.storingMethods[method] else { continue }
                if let position {
                    if position < args.count { record(base, [args[position]], at: stmt) }
                } else {
                    record(base, args + keywords.map(\.value), at: stmt)
                }
            default:
                continue
            }
        }
        self.stores = stores
        self.constantKeyed = keyed.reduce(into: [:]) { out, entry in out[entry.key] = entry.value.subtracting(otherwise[entry.key] ?? []) }
    }

    /// Is every store into `name` a constant-keyed one (see `constantKeyed`)?
    package func hasOnlyConstantKeys(_ name: String, in scope: ScopeID) -> Bool { constantKeyed[scope]?.contains(name) ?? false }

    /// What the code stored into the local `name` of `scope` before `use` (by position in the
    /// source: a store later in a loop body is not seen).
    package func values(into name: String, in scope: ScopeID, before use: ExprID, _ tree: SyntaxTree) -> [ExprID] {
        guard let stored = stores[scope]?[name] else { return [] }
        let at = tree[use].range.start
        return stored.filter { tree[$0].range.start < at }
    }
}
