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
    /// Project functions that run before the handler for each request: its decorators, the
    /// hooks of its app or blueprint, its FastAPI dependencies (`Analyzer.guardFunctions`).
    var guards: [String] = []

    var hasUnsafeMethod: Bool { methods.contains { !["GET", "HEAD", "OPTIONS"].contains($0) } }
}

/// The shared state of one threat-model build: the inventory, the project-wide facts, and
/// what has been worked out about project functions (a decorator's effect is judged once).
final class Analyzer {
    let inventory: CodeInventory
    let displayPaths: [String]
    let facts: ProjectFacts
    let objects: GlobalObjects
    private var guardEffects: [String: (Controls.Effect, Evidence)?] = [:]
    /// What each function or class body reaches itself (a helper is shared by many entry points).
    var reachesOfScope: [Int: [ScopeID: [Reach]]] = [:]
    private var readings: [Int: CodeReading] = [:]

    init(inventory: CodeInventory, displayPaths: [String]) {
        self.inventory = inventory
        self.displayPaths = displayPaths
        objects = GlobalObjects(inventory)
        facts = ProjectFacts(inventory, displayPaths: displayPaths, objects: objects)
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

    /// The project functions that run before the handler: decorators defined in the project,
    /// the `before_request` hooks that apply, FastAPI dependencies.
    func guardFunctions(_ candidate: Candidate) -> [String] {
        let reading = reading(candidate.file)
        var out: [String] = []
        var definitions = [candidate.statement]
        if let cls = candidate.classStatement, cls != candidate.statement { definitions.append(cls) }
        for stmt in definitions {
            for decorator in reading.model.decorators(of: stmt) {
                let name = decorator.qualifiedName ?? ""
                if let function = project.resolveFunction(name) ?? decorator.call.flatMap({ reading.context.call($0)?.name }).flatMap({ project.resolveFunction($0) }),
                   !out.contains(function) { out.append(function) }
            }
        }
        for hook in appliedHooks(candidate, reading) where !out.contains(hook.function) { out.append(hook.function) }
        if candidate.framework == .fastapi || candidate.framework == .starlette {
            for function in dependencyFunctions(candidate) where !out.contains(function) { out.append(function) }
        }
        return out
    }

    /// The qualified names of the project functions `scopes` are (class bodies are skipped).
    func functionNames(_ candidate: Candidate) -> [String] {
        let model = inventory.contexts[candidate.file].model
        return candidate.scopes.compactMap { model[$0].kind == .function ? model[$0].qualifiedName : nil }
    }

    /// The project functions that run for the candidate besides its own code: its guards, and
    /// what its code and its guards call, transitively (breadth first, bounded).
    func reachedFunctions(_ candidate: Candidate, depth: Int = 4, limit: Int = 200) -> [String] {
        var seen = Set(functionNames(candidate))
        var out = candidate.guards.filter { seen.insert($0).inserted }
        var frontier = Array(seen).sorted()
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
