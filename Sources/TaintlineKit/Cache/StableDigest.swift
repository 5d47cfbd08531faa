import Dataflow
import Findings
import PythonSemantics
import PythonSyntax
import Rules

/// SHA-256 of values in an unambiguous, process-independent form: every string and list carries
/// its length, every optional and enum case a tag, and sets and dictionaries go in sorted order.
/// Swift's own `Hasher` is seeded per process, so it cannot key a cache that outlives one.
struct StableDigest {
    private var hasher = SHA256.Hasher()
    /// Bytes not yet handed to the hasher: values are small, so they are gathered first.
    private var buffer: [UInt8] = []

    init() { buffer.reserveCapacity(8192) }

    mutating func add(_ value: Int) {
        withUnsafeBytes(of: Int64(value).littleEndian) { buffer.append(contentsOf: $0) }
        if buffer.count >= 4096 { flush() }
    }

    mutating func add(_ value: Bool) { add(value ? 1 : 0) }

    mutating func add(_ value: String) {
        add(value.utf8.count)
        buffer.append(contentsOf: value.utf8)
        if buffer.count >= 4096 { flush() }
    }

    mutating func add(_ value: String?) {
        guard let value else { return add(0) }
        add(1)
        add(value)
    }

    mutating func add(_ values: [String]) {
        add(values.count)
        for value in values { add(value) }
    }

    mutating func add(bytes: [UInt8]) {
        add(bytes.count)
        buffer.append(contentsOf: bytes)
        if buffer.count >= 4096 { flush() }
    }

    private mutating func flush() {
        hasher.update(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Lower-case hex of the digest of everything added.
    mutating func finalize() -> String {
        flush()
        return SHA256.hexString(hasher.finalize())
    }
}

/// The digest of everything a file's code findings may read beyond the file itself: every
/// module's summary (the `ProjectIndex` is built from them alone) and the cross-module taint facts.
/// Equal digests mean the rules see the same project; any change re-runs them on every file.
///
/// Each type's stored properties are listed in `fields`, and a test compares the lists with the
/// types' own (by reflection): a property added to one of them fails that test until it is
/// digested here too, so the cache cannot silently reuse findings computed without it.
enum ProjectDigest {
    static let fields: [String: [String]] = [
        "ModuleSummary": ["name", "path", "isPackage", "functions", "classes", "calls", "importAliases"],
        "FunctionSummary": ["qualifiedName", "module", "statement", "line", "parameters", "decorators", "owningClass", "isAsync", "returnedCalls",
                            "returnsOnlyCalls"],
        "ClassSummary": ["qualifiedName", "module", "statement", "line", "bases", "methods", "fields"],
        "CallSite": ["caller", "callee", "call", "line"],
        "TaintFacts": ["parameters", "returns", "requestObjects", "urlRoutes", "registeredHandlers", "dependencies"],
        "RemoteOrigin": ["framework", "field", "isStructured", "sourceText", "caller", "path", "line", "route", "input", "cleared",
                         "callConstants", "constantKeys"],
        "ReturnSummary": ["parameters", "cleared", "origin", "elements"],
        "Route": ["methods", "path"],
        "RequestInput": ["kind", "name"],
    ]

    static func of(_ prepared: RuleEngine.PreparedProject) -> String {
        var digest = StableDigest()
        digest.add(prepared.summaries.count)
        for summary in prepared.summaries { add(summary, to: &digest) }
        add(prepared.facts, to: &digest)
        return digest.finalize()
    }

    static func add(_ module: ModuleSummary, to digest: inout StableDigest) {
        digest.add(module.name)
        digest.add(module.path)
        digest.add(module.isPackage)
        digest.add(module.functions.count)
        for function in module.functions {
            digest.add(function.qualifiedName)
            digest.add(function.module)
            digest.add(Int(function.statement.index))
            digest.add(function.line)
            digest.add(function.parameters)
            digest.add(function.decorators)
            digest.add(function.owningClass)
            digest.add(function.isAsync)
            digest.add(function.returnedCalls)
            digest.add(function.returnsOnlyCalls)
        }
        digest.add(module.classes.count)
        for summary in module.classes {
            digest.add(summary.qualifiedName)
            digest.add(summary.module)
            digest.add(Int(summary.statement.index))
            digest.add(summary.line)
            digest.add(summary.bases)
            digest.add(summary.methods)
            digest.add(summary.fields)
        }
        digest.add(module.calls.count)
        for call in module.calls {
            digest.add(call.caller)
            digest.add(call.callee)
            digest.add(Int(call.call.index))
            digest.add(call.line)
        }
        digest.add(module.importAliases.count)
        for name in module.importAliases.keys.sorted() {
            digest.add(name)
            digest.add(module.importAliases[name]!)
        }
    }

    static func add(_ facts: TaintFacts, to digest: inout StableDigest) {
        digest.add(facts.parameters.count)
        for function in facts.parameters.keys.sorted() {
            digest.add(function)
            let parameters = facts.parameters[function]!
            digest.add(parameters.count)
            for name in parameters.keys.sorted() {
                digest.add(name)
                add(parameters[name]!, to: &digest)
            }
        }
        digest.add(facts.returns.count)
        for function in facts.returns.keys.sorted() {
            digest.add(function)
            add(facts.returns[function]!, to: &digest)
        }
        digest.add(facts.requestObjects.count)
        for function in facts.requestObjects.keys.sorted() {
            digest.add(function)
            let parameters = facts.requestObjects[function]!
            digest.add(parameters.count)
            for name in parameters.keys.sorted() {
                digest.add(name)
                digest.add(parameters[name]!.rawValue)
            }
        }
        digest.add(facts.urlRoutes.count)
        for function in facts.urlRoutes.keys.sorted() {
            digest.add(function)
            add(facts.urlRoutes[function]!, to: &digest)
        }
        digest.add(facts.registeredHandlers.count)
        for function in facts.registeredHandlers.keys.sorted() {
            digest.add(function)
            digest.add(facts.registeredHandlers[function]!.rawValue)
        }
        digest.add(facts.dependencies.sorted())
    }

    static func add(_ origin: RemoteOrigin, to digest: inout StableDigest) {
        digest.add(origin.framework.rawValue)
        digest.add(origin.field)
        digest.add(origin.isStructured)
        digest.add(origin.sourceText)
        digest.add(origin.caller)
        digest.add(origin.path)
        digest.add(origin.line)
        if let route = origin.route {
            digest.add(1)
            add(route, to: &digest)
        } else {
            digest.add(0)
        }
        digest.add(origin.input.kind.rawValue)
        digest.add(origin.input.name)
        digest.add(origin.cleared.map(\.rawValue).sorted())
        digest.add(origin.callConstants.count)
        for name in origin.callConstants.keys.sorted() {
            digest.add(name)
            if let value = origin.callConstants[name]! {
                digest.add(1)
                add(value, to: &digest)
            } else {
                digest.add(0)
            }
        }
        digest.add(origin.constantKeys)
    }

    static func add(_ summary: ReturnSummary, to digest: inout StableDigest) {
        digest.add(summary.parameters)
        digest.add(summary.cleared.count)
        for name in summary.cleared.keys.sorted() {
            digest.add(name)
            digest.add(summary.cleared[name]!.map(\.rawValue).sorted())
        }
        if let origin = summary.origin {
            digest.add(1)
            add(origin, to: &digest)
        } else {
            digest.add(0)
        }
        if let elements = summary.elements {
            digest.add(1)
            digest.add(elements.count)
            for element in elements { add(element, to: &digest) }
        } else {
            digest.add(0)
        }
    }

    static func add(_ route: Route, to digest: inout StableDigest) {
        digest.add(route.methods)
        digest.add(route.path)
    }

    static func add(_ value: ConstantValue, to digest: inout StableDigest) {
        // No `default:`: a new case does not compile until it is digested.
        switch value {
        case .none: digest.add(0)
        case .bool(let flag): digest.add(1); digest.add(flag)
        case .ellipsis: digest.add(2)
        case .int(let number): digest.add(3); digest.add(number)
        case .bigInt(let digits): digest.add(4); digest.add(digits)
        case .float(let number): digest.add(5); digest.add(Int(truncatingIfNeeded: number.bitPattern))
        case .complex(let imag): digest.add(6); digest.add(Int(truncatingIfNeeded: imag.bitPattern))
        case .str(let text): digest.add(7); digest.add(text)
        case .bytes(let bytes): digest.add(8); digest.add(bytes: bytes)
        }
    }
}
