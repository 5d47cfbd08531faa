import Dataflow
import PythonSemantics
import PythonSyntax
import Rules

/// What applies to many entry points at once, read once per project: CSRF extensions an app
/// installs, Django's middleware and DRF's defaults, limiters with default limits, request
/// hooks that reject anonymous users, FastAPI routers built with dependencies, the ORM's
/// model classes and the functions queued as tasks.
struct ProjectFacts {
    /// `CSRFProtect(app)` / `csrf.init_app(app)` (Flask).
    var flaskCSRF: [Evidence] = []
    /// CSRF middleware of an ASGI app (`starlette_csrf`, `fastapi_csrf_protect`).
    var asgiCSRF: [Evidence] = []
    /// Every `MIDDLEWARE` list a settings module writes: the class names, where.
    var middleware: [(names: [String], location: CodeLocation)] = []
    /// `REST_FRAMEWORK["DEFAULT_PERMISSION_CLASSES"]` and the other list settings, by key.
    var restFramework: [String: (names: [String], location: CodeLocation)] = [:]
    /// Limiters built with `default_limits=` (or `RATELIMIT_DEFAULT` configured).
    var defaultLimits: [Evidence] = []
    /// `@app.before_request` / `@bp.before_request` hooks that reject anonymous users: the
    /// module and the name of the object they hook, whether it is the app itself, the effect.
    var hooks: [Hook] = []

    struct Hook {
        var module: String
        var receiver: String
        var isApp: Bool
        var effect: Controls.Effect
        var evidence: Evidence
        /// The hook's qualified name.
        var function: String
    }
    /// `APIRouter(dependencies=[...])` / `FastAPI(dependencies=[...])`: module + "." + variable → the dependency expressions.
    var routerDependencies: [String: (file: Int, expressions: [ExprID])] = [:]
    /// Project classes that are ORM models → how the diagram names them.
    var models: [String: String] = [:]
    /// Project functions that are Celery or RQ tasks (for `.delay()` and `enqueue`).
    var tasks: Set<String> = []

    static let modelBases: Set<String> = [
        "django.db.models.Model", "django.db.models.base.Model", "peewee.Model", "tortoise.models.Model", "tortoise.Model",
        "sqlalchemy.orm.DeclarativeBase", "sqlalchemy.orm.decl_api.DeclarativeBase", "mongoengine.Document",
        "mongoengine.document.Document", "odmantic.Model", "beanie.Document",
    ]
    /// Calls that build a declarative base whose subclasses are models.
    static let declarativeBases: Set<String> = ["sqlalchemy.orm.declarative_base", "sqlalchemy.ext.declarative.declarative_base",
                                                "sqlalchemy.orm.decl_api.declarative_base"]
    static let sqlAlchemyExtensions: Set<String> = ["flask_sqlalchemy.SQLAlchemy", "flask_sqlalchemy.extension.SQLAlchemy"]
    static let asgiCSRFMiddleware: Set<String> = ["starlette_csrf.CSRFMiddleware", "starlette_csrf.middleware.CSRFMiddleware",
                                                  "fastapi_csrf_protect.CsrfProtect", "asgi_csrf.asgi_csrf"]

    init(_ inventory: CodeInventory, displayPaths: [String], objects: GlobalObjects) {
        for file in inventory.contexts.indices {
            let reading = CodeReading(inventory: inventory, file: file, displayPath: displayPaths[file])
            readCalls(reading, objects)
            readSettings(reading)
            readHooks(reading)
        }
        readModels(inventory, displayPaths, objects)
    }

    // MARK: Calls anywhere

    mutating func readCalls(_ reading: CodeReading, _ objects: GlobalObjects) {
        let tree = reading.tree
        let model = reading.model
        for index in tree.exprs.indices {
            let id = ExprID(Int32(index))
            guard case .call(let function, let args, let keywords) = tree[id].kind, model.scope(of: id) != nil else { continue }
            let name = reading.name(function) ?? ""
            if Controls.flaskCSRF.contains(name), !args.isEmpty {
                flaskCSRF.append(Evidence("`\(reading.text(id))` checks a CSRF token on every unsafe request", at: reading.location(of: id)))
            }
            if case .attribute(let receiver, "init_app", _) = tree[function].kind, let built = objects.constructor(of: receiver, file: reading.file),
               Controls.flaskCSRF.contains(built) {
                flaskCSRF.append(Evidence("`\(reading.text(id))` checks a CSRF token on every unsafe request", at: reading.location(of: id)))
            }
            if Self.asgiCSRFMiddleware.contains(name) || args.first.flatMap({ reading.name($0) }).map(Self.asgiCSRFMiddleware.contains) == true {
                asgiCSRF.append(Evidence("`\(reading.text(id))` checks a CSRF token", at: reading.location(of: id)))
            }
            if Controls.limiters.contains(name), let limits = keywords.first(where: { $0.arg == "default_limits" })?.value,
               !Self.isEmptyList(limits, tree) {
                defaultLimits.append(Evidence("`\(reading.text(id))` limits every route by default", at: reading.location(of: id)))
            }
            if ["fastapi.FastAPI", "fastapi.APIRouter", "fastapi.routing.APIRouter", "fastapi.applications.FastAPI"].contains(name),
               let list = keywords.first(where: { $0.arg == "dependencies" })?.value,
               case .list(let items, _) = tree[list].kind, let variable = Self.assignedName(of: id, reading) {
                routerDependencies[model.moduleName + "." + variable] = (reading.file, items)
            }
        }
        // Module-level `app.config["RATELIMIT_DEFAULT"] = "100/hour"`.
        for stmt in tree.body {
            guard case .assign(let targets, _, _) = tree[stmt].kind else { continue }
            for target in targets where reading.context.assignedName(target) == "RATELIMIT_DEFAULT" {
                defaultLimits.append(Evidence("`RATELIMIT_DEFAULT` is configured", at: reading.location(of: stmt)))
            }
        }
    }

    /// The name a call's result is assigned to at module level (`router = APIRouter(...)`).
    static func assignedName(of call: ExprID, _ reading: CodeReading) -> String? {
        for stmt in reading.tree.body {
            guard case .assign(let targets, let value, _) = reading.tree[stmt].kind, value == call, let first = targets.first,
                  case .name(let name, _) = reading.tree[first].kind else { continue }
            return name
        }
        return nil
    }

    static func isEmptyList(_ expr: ExprID, _ tree: SyntaxTree) -> Bool {
        switch tree[expr].kind {
        case .list(let items, _), .tuple(let items, _): return items.isEmpty
        default: return false
        }
    }

    // MARK: Django settings

    /// `MIDDLEWARE = [...]` (with `+=`, `.append`, `.insert`) and `REST_FRAMEWORK = {...}` at
    /// module level of any module that imports nothing of a web framework's views: settings.
    mutating func readSettings(_ reading: CodeReading) {
        let tree = reading.tree
        var names: [String] = []
        var location: CodeLocation?
        for stmt in tree.body {
            switch tree[stmt].kind {
            case .assign(let targets, let value, _):
                for target in targets {
                    guard case .name(let variable, _) = tree[target].kind else { continue }
                    if variable == "MIDDLEWARE" || variable == "MIDDLEWARE_CLASSES", let list = strings(value, reading) {
                        names = list
                        location = reading.location(of: stmt)
                    }
                    if variable == "REST_FRAMEWORK", case .dict(let keys, let values) = tree[value].kind {
                        for (key, item) in zip(keys, values) {
                            guard let key, let setting = reading.context.string(key), let list = strings(item, reading) else { continue }
                            restFramework[setting] = (list, reading.location(of: stmt))
                        }
                    }
                }
            case .augAssign(let target, .add, let value):
                if case .name(let variable, _) = tree[target].kind, variable == "MIDDLEWARE", let list = strings(value, reading) {
                    names += list
                    if location == nil { location = reading.location(of: stmt) }
                }
            case .expr(let value):
                guard case .call(let function, let args, _) = tree[value].kind, case .attribute(let base, let method, _) = tree[function].kind,
                      case .name("MIDDLEWARE", _) = tree[base].kind, let added = args.last.flatMap({ reading.context.string($0) }) else { continue }
                if method == "append" || method == "insert" { names.append(added) }
                if method == "remove" { names.removeAll { $0 == added } }
            default:
                continue
            }
        }
        if let location { middleware.append((names, location)) }
    }

    func strings(_ expr: ExprID, _ reading: CodeReading) -> [String]? {
        switch reading.tree[expr].kind {
        case .list(let items, _), .tuple(let items, _):
            return items.compactMap { reading.context.string($0) }
        default:
            return nil
        }
    }

    // MARK: Request hooks

    /// Flask's `@app.before_request` / `@bp.before_request` functions whose code rejects a
    /// request the way an authentication check does.
    mutating func readHooks(_ reading: CodeReading) {
        let model = reading.model
        for scope in model.scopes where scope.kind == .function {
            guard case .statement(let stmt) = scope.node else { continue }
            for decorator in model.decorators(of: stmt) where decorator.attribute == "before_request" || decorator.attribute == "before_app_request" {
                var target = decorator.expr
                if let call = decorator.call, case .call(let function, _, _) = reading.tree[call].kind { target = function }
                guard case .attribute(let receiver, _, _) = reading.tree[target].kind,
                      let receiverName = reading.tree.dottedName(receiver) else { continue }
                guard let (effect, evidence) = Rejections.guardEffect(of: stmt, reading, requireIdentityWords: true) else { continue }
                let owner = decorator.receiverClass ?? ""
                let isApp = owner.hasSuffix("Flask") || owner.hasSuffix("Quart") || decorator.attribute == "before_app_request"
                hooks.append(Hook(module: model.moduleName, receiver: receiverName, isApp: isApp, effect: effect,
                                  evidence: Evidence("`\(scope.name)` runs before each request (`@\(receiverName).\(decorator.attribute!)`): \(evidence.text)",
                                                     at: reading.location(of: stmt)),
                                  function: scope.qualifiedName))
            }
        }
    }

    // MARK: Models and tasks

    mutating func readModels(_ inventory: CodeInventory, _ displayPaths: [String], _ objects: GlobalObjects) {
        let project = inventory.project
        // Declarative bases built in the project: `Base = declarative_base()`, `db = SQLAlchemy()` (its `db.Model`).
        var bases = Self.modelBases
        for file in inventory.contexts.indices {
            let context = inventory.contexts[file]
            for stmt in context.tree.body {
                guard case .assign(let targets, let value, _) = context.tree[stmt].kind, case .call(let function, _, _) = context.tree[value].kind,
                      let name = context.qualifiedName(function), let first = targets.first, case .name(let variable, _) = context.tree[first].kind else { continue }
                let qualified = context.model.moduleName + "." + variable
                if Self.declarativeBases.contains(name) { bases.insert(qualified) }
                if Self.sqlAlchemyExtensions.contains(name) { bases.insert(qualified + ".Model") }
            }
        }
        for (name, summary) in project.classes {
            guard let file = inventory.file(ofModule: summary.module) else { continue }
            let reading = CodeReading(inventory: inventory, file: file, displayPath: displayPaths[file])
            guard reading.base(of: name, in: bases) != nil, !isAbstract(summary, reading) else { continue }
            models[name] = CodeReading.last(name)
        }
        // Tasks: `@app.task`, `@celery.task(...)`, `@shared_task`, RQ's `@job(...)`.
        for file in inventory.contexts.indices {
            let model = inventory.contexts[file].model
            for scope in model.scopes where scope.kind == .function {
                guard case .statement(let stmt) = scope.node else { continue }
                if model.decorators(of: stmt).contains(where: { TaskModels.isTaskDecorator($0, receiver: objects.receiverClass($0, file: file)) }) {
                    tasks.insert(scope.qualifiedName)
                }
            }
        }
    }

    /// A Django model with `class Meta: abstract = True`, or a SQLAlchemy class with `__abstract__ = True`.
    func isAbstract(_ summary: ClassSummary, _ reading: CodeReading) -> Bool {
        for stmt in reading.body(of: summary.statement) {
            switch reading.tree[stmt].kind {
            case .assign(let targets, let value, _):
                if targets.contains(where: { reading.tree.nameIdentifier($0) == "__abstract__" }), reading.context.isTrue(value) { return true }
            case .classDef(let def) where def.name == "Meta":
                for inner in def.body {
                    if case .assign(let targets, let value, _) = reading.tree[inner].kind,
                       targets.contains(where: { reading.tree.nameIdentifier($0) == "abstract" }), reading.context.isTrue(value) { return true }
                }
            default:
                continue
            }
        }
        return false
    }

    /// True when a Django middleware list includes the class (any settings module).
    func middlewareIncludes(_ cls: String) -> CodeLocation? {
        middleware.first { $0.names.contains(cls) }?.location
    }
}

/// Celery and RQ, as data.
enum TaskModels {
    static let celeryApps: Set<String> = ["celery.Celery", "celery.app.base.Celery"]
    static let taskDecorators: Set<String> = ["celery.shared_task", "celery.app.shared_task", "rq.decorators.job", "dramatiq.actor",
                                              "huey.contrib.djhuey.task", "huey.contrib.djhuey.db_task"]
    /// Methods that put a task on its queue.
    static let enqueueMethods: Set<String> = ["delay", "apply_async", "send", "send_with_options"]
    static let queueClasses: Set<String> = ["rq.Queue", "rq.queue.Queue"]
    static let queueMethods: Set<String> = ["enqueue", "enqueue_call", "enqueue_at", "enqueue_in"]

    static func isTaskDecorator(_ decorator: SemanticModel.Decorator, receiver: String?) -> Bool {
        if let name = decorator.qualifiedName, taskDecorators.contains(name) { return true }
        if let receiver, celeryApps.contains(receiver), decorator.attribute == "task" { return true }
        return false
    }
}
