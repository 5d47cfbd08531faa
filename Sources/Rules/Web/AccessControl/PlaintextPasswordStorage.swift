import Dataflow
import Findings
import PythonSemantics
import PythonSyntax

/// A password from the request stored as it came: a user model's password field set to the
/// client's text, not to a hash of it.
enum PlaintextPasswordStorage {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-WEB-PLAINTEXT-PASSWORD", name: "plaintext-password-storage", summary: "Request password stored in a user model without hashing",
        severity: .high, confidence: .medium, owasp: .a04, cwe: 256,
        what: "Finds a user's password field (`password`, `passwd`, `pwd`, `password_hash`, `hashed_password`, ...) set to a value read from the request without a password hash in between: a keyword of a user model's constructor (`User(password=request.form[\"password\"])`), of a Django manager's `create`/`update`/`get_or_create`/`update_or_create` (`User.objects.create(password=...)`: unlike `create_user`, it stores the text as given), or an attribute assignment on a user object (`user.password = data[\"password\"]`). A user model is a class named like a user, account, member, customer, profile or staff (or an object so named). Values that went through `generate_password_hash`, `make_password`, `bcrypt.hashpw`, passlib's or argon2's `hash`, a project function that hashes, or any library call Taintline has no model of are not reported; neither is a model whose class defines its own `password` property or `__init__` (a setter that hashes), nor a function that goes on to call `set_password`/`hash_password`/... on it.",
        why: "Whoever reads the table (a SQL injection, a leaked backup, a curious administrator, a log of the row) gets every user's password, and with it their accounts here and on every other site where they reused it. A salted, slow hash (Argon2, bcrypt, PBKDF2) leaves them a hash to crack instead.",
        example: "user = User(username=request.form[\"username\"], password=request.form[\"password\"])\ndb.session.add(user)",
        useInstead: "from werkzeug.security import generate_password_hash\nuser = User(username=request.form[\"username\"], password=generate_password_hash(request.form[\"password\"]))\n# Django: User.objects.create_user(username, email, password) or user.set_password(password)",
        references: ["https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html",
                     "https://docs.djangoproject.com/en/stable/topics/auth/passwords/",
                     "https://cwe.mitre.org/data/definitions/256.html"])

    static let rule = Rule(descriptor, on: [.call, .assign], examples: [
        RuleExample("""
        from flask import Flask, request
        from .models import User, db
        app = Flask(__name__)

        @app.route("/signup", methods=["POST"])
        def signup():
            user = User(username=request.form["username"], password=request.form["password"])  # error: TL-WEB-PLAINTEXT-PASSWORD
            db.session.add(user)
            db.session.commit()
            return "ok"

        @app.route("/password", methods=["POST"])
        def change_password():
            data = request.get_json()
            account = User.query.get(data["id"])
            new = data["new_password"].strip()
            account.password = new  # error: TL-WEB-PLAINTEXT-PASSWORD
            db.session.commit()
            return "ok"
        """),
        RuleExample("""
        from django.contrib.auth.models import User
        from django.http import HttpResponse

        def register(request):
            User.objects.create(username=request.POST["username"], password=request.POST["password"])  # error: TL-WEB-PLAINTEXT-PASSWORD
            return HttpResponse("ok")

        def change_password(request):
            user = request.user
            user.password = request.POST["new_password"]  # error: TL-WEB-PLAINTEXT-PASSWORD
            user.save()
            return HttpResponse("ok")
        """),
        RuleExample("""
        from fastapi import FastAPI
        from pydantic import BaseModel
        from .models import UserAccount, session
        app = FastAPI()

        class SignUp(BaseModel):
            email: str
            password: str

        @app.post("/users")
        def create(body: SignUp):
            session.add(UserAccount(email=body.email, hashed_password=body.password))  # error: TL-WEB-PLAINTEXT-PASSWORD
            return {}
        """),
        RuleExample("""
        import bcrypt
        from argon2 import PasswordHasher
        from django.contrib.auth.hashers import make_password
        from django.contrib.auth.models import User as DjangoUser
        from flask import Flask, request
        from passlib.context import CryptContext
        from pydantic import BaseModel
        from werkzeug.security import generate_password_hash
        from .models import Server, User, db
        app = Flask(__name__)
        pwd_context = CryptContext(schemes=["bcrypt"])
        hasher = PasswordHasher()

        class UserPayload(BaseModel):
            username: str
            password: str

        def hash_password(text):
            return bcrypt.hashpw(text.encode(), bcrypt.gensalt())

        @app.route("/signup", methods=["POST"])
        def signup():
            form = request.form
            a = User(username=form["username"], password=generate_password_hash(form["password"]))
            b = User(password=pwd_context.hash(form["password"]))
            c = User(password=hasher.hash(form["password"]))
            d = User(password=hash_password(form["password"]))
            e = User(password=bcrypt.hashpw(form["password"].encode(), bcrypt.gensalt()))
            f = User(password=make_password(form["password"]))
            DjangoUser.objects.create_user(form["username"], password=form["password"])
            g = DjangoUser(username=form["username"])
            g.set_password(form["password"])
            # A database server's connection password is a credential the app must read back.
            server = Server(host=form["host"], password=form["db_password"])
            # A validated request document, not a stored row.
            payload = UserPayload(username=form["username"], password=form["password"])
            db.session.add_all([a, b, c, d, e, f, server])
            return "ok"

        @app.route("/reset", methods=["POST"])
        def reset():
            user = User.query.get(request.form["id"])
            user.password = request.form["password"]
            user.hash_password()
            user.password_reset_token = request.form["token"]
            user.password = "!"
            return "ok"

        class LDAPLogin:
            def __init__(self):
                self.password = request.form["password"]
        """),
        // A model whose own `password` setter hashes: assigning the text is the intended use.
        RuleExample("""
        from flask import Flask, request
        from werkzeug.security import generate_password_hash
        app = Flask(__name__)

        class User(db.Model):
            @property
            def password(self):
                raise AttributeError("write-only")

            @password.setter
            def password(self, value):
                self.password_hash = generate_password_hash(value)

        @app.route("/signup", methods=["POST"])
        def signup():
            user = User(password=request.form["password"])
            user.password = request.form["password"]
            return "ok"

        @app.route("/password", methods=["POST"])
        def change():
            account = User.query.get(request.form["id"])
            account.password = request.form["password"]
            return "ok"
        """),
    ], check: { check($0, $1) })

    /// Field names that hold a user's login password (or its hash).
    static let passwordFields: Set<String> = [
        "password", "passwd", "pwd", "pass_word", "user_password", "userpassword", "password_hash", "passwordhash", "hashed_password",
        "pw_hash", "password_digest", "encrypted_password", "login_password",
    ]
    /// Words of a class or variable name that say it is a user record.
    static let userWords: [String] = ["user", "account", "member", "customer", "person", "profile", "staff", "admin", "employee",
                                      "student", "player", "patient", "subscriber", "operator"]
    /// Django manager methods that save their keywords as given (`create_user` hashes and is not here).
    static let managerWrites: Set<String> = ["create", "update", "get_or_create", "update_or_create"]
    /// Method names that, called later in the same function, hash the password the code just set.
    static let hashingWords: [String] = ["hash", "set_password", "encrypt", "digest", "crypt"]

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard !context.isTestFile else { return [] }
        switch node {
        case .statement(let stmt):
            guard case .assign(let targets, let value, _) = context.tree[stmt].kind else { return [] }
            var found: [Finding] = []
            for target in targets {
                guard case .attribute(let object, let field, _) = context.tree[target].kind, passwordFields.contains(field.lowercased()),
                      case .name(let objectName, _) = context.tree[object].kind, objectName != "self",
                      isUserObject(object, objectName, context), !definesOwnSetter(field, forObject: object, context),
                      !hashedLater(objectName, after: target, context),
                      let origin = rawPassword(value, context) else { continue }
                found.append(finding(target, "`\(context.text(target, limit: 40))` is set to `\(origin.text(context))` (\(origin.requestField)) as the client sent it", origin, context))
            }
            return found
        case .expression:
            guard let call = context.call(node), let (model, isManager) = userModelCall(call, context) else { return [] }
            var found: [Finding] = []
            for keyword in call.keywords {
                guard let field = keyword.arg, passwordFields.contains(field.lowercased()) else { continue }
                if !isManager, definesOwnSetter(field, inClass: model, context) { continue }
                if let holder = assignedName(of: call, context), hashedLater(holder, after: call.id, context) { continue }
                guard let origin = rawPassword(keyword.value, context) else { continue }
                let callee = context.text(call.function, limit: 40)
                found.append(finding(keyword.value, "`\(callee)(\(field)=...)` stores `\(origin.text(context))` (\(origin.requestField)) as the client sent it", origin, context))
            }
            return found
        case .module:
            return []
        }
    }

    /// The request text, when it reaches the field with no hash and no call Taintline cannot see into.
    static func rawPassword(_ value: ExprID, _ context: RuleContext) -> RequestOrigin? {
        if context.constant(value) != nil { return nil }
        guard let origin = Taint.isRequestDerived(value, context, kind: .storedPassword), origin.unmodelledCall == nil else { return nil }
        return origin
    }

    /// `User(...)` (a user model's constructor) or `User.objects.create(...)`: the model's name,
    /// and whether it is a manager call (which saves the keywords whatever the class defines).
    static func userModelCall(_ call: CallInfo, _ context: RuleContext) -> (String, Bool)? {
        if case .attribute(let receiver, let method, _) = context.tree[call.function].kind, managerWrites.contains(method) {
            guard case .attribute(let model, "objects", _) = context.tree[receiver].kind else { return nil }
            let name = context.qualifiedName(model) ?? context.text(model, limit: 80)
            return namesUser(lastComponent(name)) ? (name, true) : nil
        }
        let name = call.name ?? context.tree.dottedName(call.function) ?? ""
        let last = lastComponent(name)
        guard let first = last.first, first.isUppercase, namesUser(last) else { return nil }
        // Forms and schemas validate the fields they are given; they store nothing.
        if ["Form", "Schema", "Serializer", "Create", "Update", "In", "Request", "Login", "Credentials"].contains(where: { last.hasSuffix($0) }) { return nil }
        // Pydantic models, serializers and forms (by their bases) validate fields; they store nothing.
        return MassAssignment.isModelSink(call, context) ? (name, false) : nil
    }

    static func lastComponent(_ name: String) -> String { String(name.split(separator: ".").last ?? "") }

    static func namesUser(_ name: String) -> Bool {
        let lower = name.lowercased()
        return userWords.contains { lower.contains($0) }
    }

    /// A user object: built from a user model, or named like one (`user`, `new_account`).
    static func isUserObject(_ object: ExprID, _ name: String, _ context: RuleContext) -> Bool {
        if let maker = context.model.constructorName(of: object), namesUser(lastComponent(maker)) { return true }
        return namesUser(name)
    }

    /// The class defines `password` itself (a property whose setter hashes) or its own `__init__`.
    static func definesOwnSetter(_ field: String, inClass name: String, _ context: RuleContext) -> Bool {
        let canonical = context.project.canonicalName(name)
        if let summary = context.project.classes[canonical] {
            return summary.methods.contains(field) || summary.methods.contains("__init__")
        }
        let last = lastComponent(name)
        return context.project.classes.values.contains { $0.qualifiedName.hasSuffix("." + last) && ($0.methods.contains(field) || $0.methods.contains("__init__")) }
    }

    /// For `user.password = ...`: the object's class when known, else any project user model
    /// with a `password` property of its own.
    static func definesOwnSetter(_ field: String, forObject object: ExprID, _ context: RuleContext) -> Bool {
        // `user = User(...)`: that class; `user = User.query.get(uid)`, a parameter: any user model of the project.
        if let maker = context.model.constructorName(of: object), let summary = context.project.classes[context.project.canonicalName(maker)] {
            return summary.methods.contains(field)
        }
        return context.project.classes.values.contains { namesUser(lastComponent($0.qualifiedName)) && $0.methods.contains(field) }
    }

    /// `user = User(...)`: the local the call's result is assigned to.
    static func assignedName(of call: CallInfo, _ context: RuleContext) -> String? {
        guard let stmt = context.statement(containing: call.id), case .assign(let targets, let value, _) = context.tree[stmt].kind,
              value == call.id, targets.count == 1, case .name(let name, _) = context.tree[targets[0]].kind else { return nil }
        return name
    }

    /// A later call in the same function that hashes what was set: `user.hash_password()`,
    /// `user.set_password(user.password)`, `account.encrypt_password()`.
    static func hashedLater(_ object: String, after anchor: ExprID, _ context: RuleContext) -> Bool {
        let tree = context.tree
        let scope = context.model.scope(of: anchor)
        let line = tree[anchor].range.endLineno
        for index in tree.exprs.indices {
            let id = ExprID(Int32(index))
            guard tree[id].range.lineno > line, case .call(let function, _, _) = tree[id].kind,
                  case .attribute(let receiver, let method, _) = tree[function].kind, case .name(object, _) = tree[receiver].kind,
                  context.model.scope(of: id) == scope else { continue }
            let lower = method.lowercased()
            if hashingWords.contains(where: { lower.contains($0) }) { return true }
        }
        return false
    }

    static func finding(_ anchor: ExprID, _ description: String, _ origin: RequestOrigin, _ context: RuleContext) -> Finding {
        context.finding(descriptor, at: anchor,
                        description: description + ": the password is stored in plain text, readable by whoever reads the table.",
                        remediation: "Store a salted password hash instead: `generate_password_hash(password)` (Werkzeug), `make_password`/`create_user`/`set_password` (Django), `PasswordHasher().hash(password)` (argon2-cffi) or `bcrypt.hashpw(password.encode(), bcrypt.gensalt())`.",
                        fix: "generate_password_hash(\(context.text(origin.expr, limit: 60)))",
                        flow: origin)
    }
}
