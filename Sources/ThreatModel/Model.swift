import Findings

/// A threat model derived from the code: the attack surface (every entry point with what it
/// reads, who may call it, the controls in front of it and what it reaches), a STRIDE pass over
/// each entry point and each flow that leaves the app, and the data-flow diagram. A value:
/// every output format is a pure function of it (`Rendering/`), and its JSON form is the
/// documented schema (Docs/threat-model.md).
public struct ThreatModelDocument: Codable, Sendable, Equatable {
    /// Bumped when a field changes meaning or goes away (new fields do not bump it).
    public var schemaVersion = 1
    public var toolVersion: String
    /// The paths the model was built from, as given.
    public var roots: [String]
    public var entryPoints: [EntryPoint]
    /// STRIDE of the flows that cross out of the app (to data stores and external services).
    public var crossings: [BoundaryCrossing]
    public var diagram: DataFlowDiagram
    /// Findings of the same scan that belong to no entry point (configuration, secrets,
    /// module-level code): they bear on the whole app.
    public var applicationFindings: [FindingReference]
    /// STRIDE of the application as a whole, from `applicationFindings`.
    public var applicationStride: [StrideEntry]
    /// What the model could not see: files that failed to parse, entry points whose route was
    /// not resolved, frameworks parts not modelled.
    public var limits: [String]
}

/// How a request or a job gets into the code.
public enum EntryKind: String, Codable, Sendable, CaseIterable, Comparable {
    /// An HTTP route.
    case http
    case websocket
    /// A command-line or management command (Django `manage.py`, click, Flask CLI, Typer).
    case command
    /// A background job taken from a queue (Celery, RQ).
    case task

    public static func < (a: EntryKind, b: EntryKind) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// A place in the code, as findings show it.
public struct CodeLocation: Codable, Sendable, Hashable, Comparable {
    public var file: String
    public var line: Int
    /// The function (`ItemView.post`) when there is one.
    public var function: String?

    public init(file: String, line: Int, function: String? = nil) {
        self.file = file
        self.line = line
        self.function = function
    }

    public static func < (a: CodeLocation, b: CodeLocation) -> Bool {
        (a.file, a.line, a.function ?? "") < (b.file, b.line, b.function ?? "")
    }

    /// `app.py:12`.
    public var shortText: String { "\(file):\(line)" }
}

/// A fact read from the code, and where.
public struct Evidence: Codable, Sendable, Hashable {
    public var text: String
    public var location: CodeLocation?

    public init(_ text: String, at location: CodeLocation? = nil) {
        self.text = text
        self.location = location
    }
}

/// Where an entry point's input arrives.
public enum InputKind: String, Codable, Sendable, CaseIterable, Comparable {
    case path, query, form, json, body, header, cookie, file
    /// A command-line argument or option.
    case argument
    /// A task's arguments, as the producer put them on the queue.
    case message

    public static func < (a: InputKind, b: InputKind) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

public struct Input: Codable, Sendable, Hashable, Comparable {
    public var kind: InputKind
    /// The field, header, cookie, parameter or option name; nil for a whole body or an unnamed key.
    public var name: String?
    public var line: Int?

    public static func < (a: Input, b: Input) -> Bool { (a.kind, a.name ?? "") < (b.kind, b.name ?? "") }
}

/// Who may call an entry point.
public struct Authentication: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable {
        /// Every request must be authenticated (a decorator, mixin, permission class, dependency or check).
        case required
        /// Declared open to anyone (`AllowAny`, `login_not_required`), or no check was found.
        case none
        /// The handler checks identity on some paths only, or a check was found whose effect is unclear.
        case partial
        /// Not an HTTP entry point (a command or a task: whoever can run it or queue it).
        case notApplicable = "not-applicable"
    }

    public var status: Status
    /// What authenticates: the decorator, mixin, permission class, dependency or check.
    public var mechanisms: [Evidence]
    /// Role, permission or object checks on top of authentication (`permission_required`,
    /// `IsAdminUser`, `if not current_user.is_admin: abort(403)`).
    public var authorization: [Evidence]
    /// What says the route is open on purpose (`AllowAny`, `@login_not_required`).
    public var explicitlyPublic: [Evidence]
    /// True when the entry point is where users authenticate (it logs a user in or issues a token).
    public var isLogin: Bool
}

/// A protection and whether it applies.
public struct Control: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable {
        case applied
        /// Turned off for this entry point (`csrf_exempt`, `limiter.exempt`).
        case exempt
        /// Nothing found.
        case missing
        /// Does not apply (a GET route needs no CSRF token; a command no rate limit).
        case notApplicable = "not-applicable"
        /// The code does not say (no settings module found).
        case unknown
    }

    public var status: Status
    public var evidence: [Evidence]
}

/// What an entry point reaches, directly or through the functions it calls.
public struct Reach: Codable, Sendable, Hashable, Comparable {
    public enum Kind: String, Codable, Sendable, CaseIterable, Comparable {
        /// SQL text or an ORM model (the target names the model or table when known).
        case database
        case file
        case shell
        case template
        /// An outgoing HTTP request (the target is the host when the URL's start is constant).
        case http
        case email
        case cache
        case queue
        /// Deserialisation of bytes into objects (pickle, yaml.load, marshal).
        case deserialization
        /// Python code evaluated (`eval`, `exec`).
        case code

        public static func < (a: Kind, b: Kind) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }
    }

    public var kind: Kind
    /// The model, table, host, queue or template, when the code names it with a constant.
    public var target: String?
    /// The call, as written (`cursor.execute`, `requests.get`).
    public var call: String
    public var location: CodeLocation
    /// True when the call writes (SQL INSERT/UPDATE/DELETE, `.save()`, a file opened for writing,
    /// a message sent).
    public var writes: Bool

    public static func < (a: Reach, b: Reach) -> Bool {
        (a.kind, a.target ?? "", a.location, a.call) < (b.kind, b.target ?? "", b.location, b.call)
    }
}

/// A finding of the same scan, as the model links it.
public struct FindingReference: Codable, Sendable, Hashable, Comparable {
    /// The finding's fingerprint: the id `scan`'s reports, baselines and suppressions use.
    public var id: String
    public var ruleID: String
    public var title: String
    public var severity: Severity
    public var cwe: String
    public var location: CodeLocation

    public init(_ finding: Finding) {
        id = finding.fingerprint
        ruleID = finding.ruleID
        title = finding.title
        severity = finding.severity
        cwe = finding.cwe.description
        location = CodeLocation(file: finding.location.file, line: finding.location.startLine, function: finding.location.enclosingScope)
    }

    /// Worst first, then by place.
    public static func < (a: FindingReference, b: FindingReference) -> Bool {
        if a.severity != b.severity { return a.severity > b.severity }
        return (a.location, a.ruleID, a.id) < (b.location, b.ruleID, b.id)
    }
}

/// The six STRIDE categories.
public enum StrideCategory: String, Codable, Sendable, CaseIterable {
    case spoofing, tampering, repudiation
    case informationDisclosure = "information-disclosure"
    case denialOfService = "denial-of-service"
    case elevationOfPrivilege = "elevation-of-privilege"

    public var title: String {
        switch self {
        case .spoofing: return "Spoofing"
        case .tampering: return "Tampering"
        case .repudiation: return "Repudiation"
        case .informationDisclosure: return "Information disclosure"
        case .denialOfService: return "Denial of service"
        case .elevationOfPrivilege: return "Elevation of privilege"
        }
    }

    /// S, T, R, I, D, E.
    public var letter: String { String(title.prefix(1)) }
}

/// One STRIDE category's verdict for an entry point or a crossing.
public struct StrideEntry: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable {
        /// A control the code shows addresses the threat.
        case mitigated
        /// The code shows the threat is real: a finding, or a missing control where one is needed.
        case open
        /// The threat cannot arise here (a read-only route cannot be used to change data).
        case notApplicable = "not-applicable"
        /// Nothing in the code decides it; a reviewer has to.
        case unknown
    }

    public var category: StrideCategory
    public var status: Status
    /// Why: facts from the code, each with its location.
    public var evidence: [Evidence]
    /// The ids (fingerprints) of the findings behind an open item.
    public var findings: [String]
}

/// An entry point: one way in, with everything the model knows about it.
public struct EntryPoint: Codable, Sendable, Equatable {
    /// `E1`, `E2`, ... in the order of the model (kind, then path, then method).
    public var id: String
    public var kind: EntryKind
    public var framework: String?
    /// HTTP methods (upper case); empty for commands and tasks.
    public var methods: [String]
    /// The URL path as the framework writes it (`/items/<int:id>`), the command's name, the
    /// task's name or the WebSocket event.
    public var path: String
    public var pathParameters: [String]
    public var handler: CodeLocation
    public var inputs: [Input]
    public var authentication: Authentication
    public var csrf: Control
    public var rateLimit: Control
    /// Why the model thinks the entry point changes server state (an unsafe method, a write it reaches).
    public var stateChanges: [Evidence]
    public var reaches: [Reach]
    public var findings: [FindingReference]
    public var stride: [StrideEntry]

    /// `GET, POST /login`.
    public var title: String {
        switch kind {
        case .http, .websocket:
            let verbs = kind == .websocket ? "WS" : methods.joined(separator: ", ")
            return "\(verbs) \(path)"
        case .command: return "command \(path)"
        case .task: return "task \(path)"
        }
    }

    public func stride(_ category: StrideCategory) -> StrideEntry? { stride.first { $0.category == category } }
}

/// A flow from the app to a data store or an external service, with its own STRIDE pass.
public struct BoundaryCrossing: Codable, Sendable, Equatable {
    /// The diagram edge it is (`DataFlowDiagram.Flow.id`).
    public var flow: String
    public var from: String
    public var to: String
    /// The entry points whose requests take this flow.
    public var entryPoints: [String]
    public var stride: [StrideEntry]
}

/// The data-flow diagram: actors outside the app, the app's processes, its data stores and
/// the external services it calls, the flows between them, and the trust boundaries that
/// group them.
public struct DataFlowDiagram: Codable, Sendable, Equatable {
    public enum NodeKind: String, Codable, Sendable {
        case actor, process, store, external
    }

    public struct Node: Codable, Sendable, Equatable {
        /// A stable identifier usable in Mermaid and DOT (`actor_anonymous`, `store_database`).
        public var id: String
        public var kind: NodeKind
        public var label: String
        /// Extra lines under the label (the models a database holds, the hosts of a service).
        public var details: [String]
        /// The trust boundary it sits in (`Boundary.id`).
        public var boundary: String
    }

    public struct Flow: Codable, Sendable, Equatable {
        public var id: String
        public var from: String
        public var to: String
        public var label: String
        /// The entry points whose requests make this flow.
        public var entryPoints: [String]
        /// True when the flow crosses from one trust boundary into another.
        public var crossesBoundary: Bool
    }

    public struct Boundary: Codable, Sendable, Equatable {
        public var id: String
        public var label: String
    }

    public var nodes: [Node]
    public var flows: [Flow]
    public var boundaries: [Boundary]

    public func node(_ id: String) -> Node? { nodes.first { $0.id == id } }
}
