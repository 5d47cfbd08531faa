import PythonSemantics
import PythonSyntax

/// The flow facts of one module, computed once from its semantic model and shared by every
/// rule of the file: which statements can never run (constant conditions, code after `return`),
/// and, for local lists, dicts, deques and config parsers built in a function, which stored
/// values a read such as `items[1]`, `d["key"]`, `d.get("key")` or `conf.get("s", "k")` can
/// return. Request-data tracking follows those values instead of the whole container, so a
/// constant read back out of a container that also holds request data is clean, and request
/// data appended to a list built empty is still seen. It also lists what the methods of each
/// class store in `self.<attribute>`, so a value kept on an object is followed to its reads.
public struct ModuleFlow: Sendable {
    /// Statements that never execute.
    public let unreachable: Set<StmtID>
    /// For a read of a tracked container (a subscript or a method call such as `.get`/`.pop`):
    /// the expressions whose values it may return. Empty when it returns only values the
    /// container never held from outside (a missing key's default of `None`).
    public let elementSources: [ExprID: [ExprID]]
    /// For any other use of a tracked container's name (passed to a call, joined, iterated):
    /// every expression stored in it at that point.
    public let containerContents: [ExprID: [ExprID]]
    /// Class qualified name → attribute → the values its methods assign to `self.<attribute>`.
    public let attributeAssignments: [String: [String: [ExprID]]]
    /// Statement → local names a check has restricted to a safe shape there (`GuardedNames`).
    let guarded: [StmtID: Set<String>]
    /// The same for names restricted to hold no parent-folder step (`GuardFamily.parentSegments`);
    /// nil when the module tests for none, so the shape map answers.
    let guardedAgainstParentSegments: [StmtID: Set<String>]?
    /// The same for names compared equal to a value that is not a constant
    /// (`GuardFamily.equality`); nil when the module has no such comparison.
    let guardedByEquality: [StmtID: Set<String>]?
    /// The statement each expression belongs to (for expressions of a guarded statement only).
    let statementOf: [ExprID: StmtID]
    /// Values stored into locals that `ContainerFlow` does not track (`ContainerStores`).
    package let stores: ContainerStores

    public static let empty = ModuleFlow(unreachable: [], elementSources: [:], containerContents: [:], attributeAssignments: [:],
                                         guarded: [:], guardedAgainstParentSegments: nil, guardedByEquality: nil, statementOf: [:], stores: .empty)

    init(unreachable: Set<StmtID>, elementSources: [ExprID: [ExprID]], containerContents: [ExprID: [ExprID]],
         attributeAssignments: [String: [String: [ExprID]]], guarded: [StmtID: Set<String>],
         guardedAgainstParentSegments: [StmtID: Set<String>]?, guardedByEquality: [StmtID: Set<String>]?, statementOf: [ExprID: StmtID],
         stores: ContainerStores) {
        self.stores = stores
        self.guardedByEquality = guardedByEquality
        self.unreachable = unreachable
        self.elementSources = elementSources
        self.containerContents = containerContents
        self.attributeAssignments = attributeAssignments
        self.guarded = guarded
        self.guardedAgainstParentSegments = guardedAgainstParentSegments
        self.statementOf = statementOf
    }

    /// Computes the facts for a module: one linear pass for reachability and one forward pass
    /// over each function body (and the module body) for containers.
    public init(model: SemanticModel) {
        let unreachable = ReachableCode.unreachableStatements(model)
        var containers = ContainerFlow(model: model, unreachable: unreachable)
        containers.run()
        let guarded = GuardedNames.collect(model, unreachable: unreachable)
        // The second family only where the module tests a text for `..` at all.
        let testsParentSegments = model.tree.exprs.contains { node in
            guard case .compare(let left, let ops, _) = node.kind, ops.count == 1, ops[0] == .in || ops[0] == .notIn,
                  let text = model.constantString(of: left) else { return false }
            return Guards.namesParentFolder(text)
        }
        let segments = testsParentSegments ? GuardedNames.collect(model, unreachable: unreachable, family: .parentSegments) : nil
        let comparesValues = model.tree.exprs.contains { node in
            guard case .compare(let left, let ops, let comparators) = node.kind, ops.count == 1, ops[0] == .eq || ops[0] == .notEq else { return false }
            return model.constantValue(of: left) == nil && model.constantValue(of: comparators[0]) == nil
        }
        let equalities = comparesValues ? GuardedNames.collect(model, unreachable: unreachable, family: .equality) : nil
        // Only the expressions of statements where something is guarded need their statement.
        var statementOf: [ExprID: StmtID] = [:]
        for stmt in Set(guarded.keys).union(segments.map { Array($0.keys) } ?? []).union(equalities.map { Array($0.keys) } ?? []) {
            var stack = model.tree.ownExpressions(of: stmt)
            while let expr = stack.popLast() {
                statementOf[expr] = stmt
                stack.append(contentsOf: model.tree.childExprs(of: expr))
            }
        }
        self.init(unreachable: unreachable, elementSources: containers.elementSources, containerContents: containers.containerContents,
                  attributeAssignments: ObjectAttributes.collect(model), guarded: guarded, guardedAgainstParentSegments: segments,
                  guardedByEquality: equalities, statementOf: statementOf, stores: ContainerStores(model: model))
    }

    /// Has a check restricted the local `name` to a safe shape where `use` is evaluated
    /// (`if not name.isalnum(): abort(400)` before it)?
    public func isGuarded(_ name: String, at use: ExprID, family: GuardFamily = .shape) -> Bool {
        guard let stmt = statementOf[use] else { return false }
        if family == .parentSegments, let segments = guardedAgainstParentSegments { return segments[stmt]?.contains(name) ?? false }
        if family == .equality { return guardedByEquality?[stmt]?.contains(name) ?? false }
        return guarded[stmt]?.contains(name) ?? false
    }

    /// Does every path through the block leave it (`return`, `raise`, `abort(400)`, ...)?
    public func alwaysExits(_ block: [StmtID], _ model: SemanticModel) -> Bool {
        GuardedNames.exits(block, model, unreachable)
    }

    /// Is the statement dead code?
    public func isUnreachable(_ stmt: StmtID) -> Bool { unreachable.contains(stmt) }

    /// The truth of a condition that cannot change at run time (it folds to a constant and
    /// reads only the function's own locals): `x = "a" if False else param` always takes `param`.
    public static func settledCondition(_ test: ExprID, _ model: SemanticModel) -> Bool? {
        ReachableCode.settled(test, model)
    }
}
