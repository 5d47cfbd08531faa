import Dataflow
import PythonSemantics
import PythonSyntax
import Rules

/// An entry point before it is described: where its code is and how it is reached. The
/// handler's function (or, for a class-based view with no verb method, its class), the other
/// functions and class bodies that run for the same request (`get_queryset` of a view
/// serving `get`), and the decorators that route it.
struct Candidate {
    var kind: EntryKind
    var framework: Framework?
    var methods: [String]
    /// False when the methods are a guess (a Django function view answers whatever method is sent).
    var explicitMethods: Bool
    var path: String
    var pathParameters: [String]
    var file: Int
    /// The handler's `def` (or `class`) statement and its qualified name.
    var statement: StmtID
    var name: String
    /// The class of a method handler.
    var classStatement: StmtID?
    var className: String?
    /// Function and class-body scopes of this file whose code runs for the entry point.
    var scopes: [ScopeID]
    /// Inputs the route declares rather than reads (commands' options, tasks' parameters).
    var declaredInputs: [Input] = []
    /// Extra facts found while finding the entry point (a command's registration).
    var notes: [Evidence] = []

    var hasUnsafeMethod: Bool { methods.contains { !["GET", "HEAD", "OPTIONS"].contains($0) } }
}

/// The shared state of one threat-model build: the inventory, the project-wide facts, and
/// what has been worked out about project functions (a decorator's effect is judged once).
final class Analyzer {
    let inventory: CodeInventory
    let displayPaths: [String]
    let facts: ProjectFacts
    private var guardEffects: [String: (Controls.Effect, Evidence)?] = [:]
    private var readings: [Int: CodeReading] = [:]

    init(inventory: CodeInventory, displayPaths: [String]) {
        self.inventory = inventory
        self.displayPaths = displayPaths
        facts = ProjectFacts(inventory, displayPaths: displayPaths)
    }

    func reading(_ file: Int) -> CodeReading {
        if let known = readings[file] { return known }
        let made = CodeReading(inventory: inventory, file: file, displayPath: displayPaths[file])
        readings[file] = made
        return made
    }

    var project: ProjectIndex { inventory.project }

    /// The statement and file of a project function.
    func definition(of function: String) -> (file: Int, scope: ScopeID, stmt: StmtID)? {
        guard let (file, scope) = inventory.function(function), case .statement(let stmt) = inventory.contexts[file].model[scope].node else { return nil }
        return (file, scope, stmt)
    }

    /// What a project function that guards (a decorator, a hook, a dependency) does, judged once.
    func guardEffect(ofFunction function: String) -> (Controls.Effect, Evidence)? {
        if let known = guardEffects[function] { return known }
        guardEffects[function] = .some(nil)
        var found: (Controls.Effect, Evidence)? = nil
        if let (file, _, stmt) = definition(of: function) {
            found = Rejections.guardEffect(of: stmt, reading(file))
        }
        guardEffects[function] = .some(found)
        return found
    }

    /// The qualified names of the project functions `scopes` are (class bodies are skipped).
    func functionNames(_ candidate: Candidate) -> [String] {
        let model = inventory.contexts[candidate.file].model
        return candidate.scopes.compactMap { model[$0].kind == .function ? model[$0].qualifiedName : nil }
    }

    /// The project functions the candidate's code calls, transitively (breadth first, bounded),
    /// with the first function of the candidate that leads there.
    func reachedFunctions(_ candidate: Candidate, depth: Int = 4, limit: Int = 200) -> [String] {
        var seen = Set(functionNames(candidate))
        var frontier = Array(seen).sorted()
        var out: [String] = []
        for _ in 0..<depth {
            var next: [String] = []
            for function in frontier {
                for callee in project.callees(of: function) where seen.insert(callee).inserted {
                    out.append(callee)
                    next.append(callee)
                    if out.count >= limit { return out }
                }
            }
            frontier = next
            if frontier.isEmpty { break }
        }
        return out
    }
}
