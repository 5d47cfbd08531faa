import Dataflow
import Findings
import PythonSemantics
import PythonSyntax

/// An object that belongs to a user, fetched by the id the client sends and changed by any
/// logged-in user: the view never looks at who the caller is.
enum InsecureDirectObjectReference {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-WEB-IDOR", name: "insecure-direct-object-reference", summary: "Owned object fetched by a client-supplied id and changed without an ownership check",
        severity: .high, confidence: .medium, owasp: .a01, cwe: 639,
        what: "Finds, in a Flask or Quart view that requires a login but no role and changes state (`POST`, `PUT`, `PATCH`, `DELETE`), an object fetched by an id from the URL or the request (`Model.query.get(id)`, `Model.query.get_or_404(id)`, `db.session.get(Model, id)`, `db.get_or_404(Model, id)`, `Model.query.filter_by(id=id).first()`), when the model is a class of the project with an owner field (`user_id`, `owner_id`, `owner`, `user`, `created_by`, `author_id`, ...) and the view never refers to the caller (`current_user`, `g.user`, the session): no filter and no check ties the object to the user who asks.",
        why: "Every logged-in user can change or delete every other user's objects by changing the number in the URL (`/notes/41/delete`, `/notes/42/delete`, ...): the login proves who the caller is, not that the object is theirs.",
        example: "@app.route(\"/notes/<int:note_id>/delete\", methods=[\"POST\"])\n@login_required\ndef delete_note(note_id):\n    note = Note.query.get_or_404(note_id)\n    db.session.delete(note)",
        useInstead: "note = Note.query.filter_by(id=note_id, owner_id=current_user.id).first_or_404()\n# or: if note.owner_id != current_user.id: abort(403)",
        references: ["https://cwe.mitre.org/data/definitions/639.html",
                     "https://cheatsheetseries.owasp.org/cheatsheets/Insecure_Direct_Object_Reference_Prevention_Cheat_Sheet.html"])

    static let rule = Rule(descriptor, on: [.functionDef], examples: [
        RuleExample("""
        from flask import Flask, request
        from flask_login import login_required
        from flask_sqlalchemy import SQLAlchemy
        app = Flask(__name__)
        db = SQLAlchemy(app)

        class Note(db.Model):
            id = db.Column(db.Integer, primary_key=True)
            owner_id = db.Column(db.Integer, db.ForeignKey("user.id"))
            text = db.Column(db.Text)

        @app.route("/notes/<int:note_id>/delete", methods=["POST"])
        @login_required
        def delete_note(note_id):
            note = Note.query.get_or_404(note_id)  # error: TL-WEB-IDOR
            db.session.delete(note)
            db.session.commit()
            return "deleted"

        @app.route("/notes/edit", methods=["POST"])
        @login_required
        def edit_note():
            note = db.session.get(Note, request.form["id"])  # error: TL-WEB-IDOR
            note.text = request.form["text"]
            db.session.commit()
            return "saved"
        """),
        RuleExample("""
        from flask import Flask, abort, g, request
        from flask_login import current_user, login_required
        from flask_sqlalchemy import SQLAlchemy
        from .auth import admin_required
        app = Flask(__name__)
        db = SQLAlchemy(app)

        class Note(db.Model):
            id = db.Column(db.Integer, primary_key=True)
            owner_id = db.Column(db.Integer, db.ForeignKey("user.id"))

        class Tag(db.Model):
            id = db.Column(db.Integer, primary_key=True)
            name = db.Column(db.String)

        @app.route("/notes/<int:note_id>/delete", methods=["POST"])
        @login_required
        def delete_note(note_id):
            note = Note.query.filter_by(id=note_id, owner_id=current_user.id).first_or_404()
            db.session.delete(note)
            return "deleted"

        @app.route("/notes/<int:note_id>/archive", methods=["POST"])
        @login_required
        def archive_note(note_id):
            note = Note.query.get_or_404(note_id)
            if note.owner_id != g.user.id:
                abort(403)
            return "archived"

        @app.route("/admin/notes/<int:note_id>/delete", methods=["POST"])
        @admin_required
        def admin_delete(note_id):
            db.session.delete(Note.query.get_or_404(note_id))
            return "deleted"

        @app.route("/tags/<int:tag_id>/rename", methods=["POST"])
        @login_required
        def rename_tag(tag_id):
            Tag.query.get_or_404(tag_id).name = request.form["name"]
            return "renamed"

        @app.route("/notes/<int:note_id>")
        @login_required
        def show_note(note_id):
            return str(Note.query.get_or_404(note_id).id)

        @app.route("/notes/<int:note_id>/like", methods=["POST"])
        @login_required
        def like_note(note_id):
            Note.query.get_or_404(note_id).likes += 1
            return "liked"

        @app.route("/notes/<int:note_id>/touch", methods=["POST"])
        def touch(note_id):
            Note.query.get_or_404(note_id)
            return "ok"
        """),
    ], check: { check($0, $1) })

    /// Fields that say an object belongs to a user.
    static let ownerFields: Set<String> = ["user_id", "owner_id", "owner", "user", "created_by", "created_by_id", "author_id", "author",
                                           "creator", "creator_id", "account_id", "customer_id", "member_id", "uploader_id", "uploaded_by"]
    /// Text in a view that refers to the caller (a filter or a check may follow from it).
    static let callerText: [String] = ["current_user", "g.user", "request.user", "get_jwt_identity", "auth.current_user",
                                       "current_identity", "_get_user", "user_id", "owner"]
    static let unsafeMethods: Set<String> = ["POST", "PUT", "PATCH", "DELETE"]
    /// Actions any user may take on someone else's object (a like, a vote, a report, a reply).
    static let sharedActions: Set<String> = ["like", "unlike", "vote", "upvote", "downvote", "report", "flag", "follow", "unfollow",
                                             "favorite", "favourite", "unfavorite", "star", "unstar", "bookmark", "subscribe",
                                             "unsubscribe", "reply", "share", "rate", "react", "join", "leave", "invite", "accept",
                                             "decline", "rsvp", "watch", "unwatch", "clap", "pin"]

    /// The path's and function name's words name an action on another's object (`/posts/<id>/like`, `vote_answer`).
    static func isSharedAction(_ view: FlaskView) -> Bool {
        let words = (view.route.path + " " + view.name).lowercased().split { !$0.isLetter }.map(String.init)
        return words.contains { sharedActions.contains($0) || (($0.hasSuffix("s") || $0.hasSuffix("d")) && sharedActions.contains(String($0.dropLast()))) }
    }

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard !context.isTestFile, case .statement(let stmt) = node, let view = FlaskView(stmt, context), view.authenticates, !view.authorises,
              !Set(view.route.methods).isDisjoint(with: unsafeMethods), !view.readsSession, !callerText.contains(where: { view.body.contains($0) }),
              !isSharedAction(view),
              let scope = view.scope else { return [] }
        let tree = context.tree
        for index in tree.exprs.indices {
            let id = ExprID(Int32(index))
            guard case .call = tree[id].kind, context.model.scope(of: id) == scope, let call = context.call(id),
                  let (model, key) = fetch(call, context), let field = ownerField(of: model, context),
                  isClientID(key, view, context) else { continue }
            return [context.finding(descriptor, at: id,
                                    description: "`\(context.text(id, limit: 60))` fetches a `\(model.split(separator: ".").last ?? "")` (owned through `\(field)`) by the id the client sends, and `\(view.name)` changes it without checking that it belongs to the logged-in user: any user can act on anyone's objects by changing the id.",
                                    remediation: "Fetch through the caller: `\(model.split(separator: ".").last ?? "Model").query.filter_by(id=..., \(field.hasSuffix("_id") ? field : field + "_id")=current_user.id).first_or_404()`, or check `obj.\(field.hasSuffix("_id") ? field : field + "_id") == current_user.id` (else `abort(403)`) before changing it.",
                                    fix: "\(model.split(separator: ".").last ?? "Model").query.filter_by(id=..., owner_id=current_user.id).first_or_404()")]
        }
        return []
    }

    /// `Model.query.get(x)`, `Model.query.get_or_404(x)`, `db.session.get(Model, x)`,
    /// `db.get_or_404(Model, x)`, `Model.query.filter_by(id=x).first()`: the model's name and the id.
    static func fetch(_ call: CallInfo, _ context: RuleContext) -> (String, ExprID)? {
        let tree = context.tree
        guard case .attribute(let receiver, let method, _) = tree[call.function].kind else { return nil }
        switch method {
        case "get", "get_or_404":
            if case .attribute(let model, "query", _) = tree[receiver].kind, let key = call.args.first, call.args.count == 1 {
                return context.qualifiedName(model).map { ($0, key) }
            }
            // `db.session.get(Model, id)`, `db.get_or_404(Model, id)`.
            if call.args.count == 2, let name = context.qualifiedName(call.args[0]) { return (name, call.args[1]) }
            return nil
        case "first", "first_or_404", "one", "one_or_none":
            guard case .call(let inner, _, let keywords) = tree[receiver].kind, case .attribute(let query, "filter_by", _) = tree[inner].kind,
                  case .attribute(let model, "query", _) = tree[query].kind, keywords.count == 1, keywords[0].arg == "id" else { return nil }
            return context.qualifiedName(model).map { ($0, keywords[0].value) }
        default:
            return nil
        }
    }

    /// The owner field of a project model, if it declares one.
    static func ownerField(of model: String, _ context: RuleContext) -> String? {
        guard let summary = context.project.classes[context.project.canonicalName(model)] else { return nil }
        return summary.fields.first { ownerFields.contains($0.lowercased()) }
    }

    /// A URL part of the route, or a value read from the request.
    static func isClientID(_ key: ExprID, _ view: FlaskView, _ context: RuleContext) -> Bool {
        if case .name(let name, _) = context.tree[key].kind, view.route.parameters.contains(name) { return true }
        return Taint.isRequestDerived(key, context) != nil
    }
}
