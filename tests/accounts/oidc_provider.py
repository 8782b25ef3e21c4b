"""A real OpenID Connect provider for the tests: Authlib's authorization server (authorization
code grant with PKCE and the OpenID Connect extension) in a small Flask app on localhost, in a
thread, speaking HTTP with a discovery document and a JWKS. Its RSA keys are generated at test
time. ``provider.user`` is whoever is logged in at the provider; its login page asks that
person to continue (a form POST), then sends the browser back with a code.

Knobs for the refusal tests: ``sign_with_intruder`` (the ID token is signed by a key the JWKS
does not publish, under the published key id), ``lifetime_seconds`` (negative: an ID token that
has already expired), ``nonce_override`` (an ID token carrying another nonce), ``rotate_key()``
(a new signing key under a new key id; the JWKS publishes only it). ``requests`` counts the
requests the provider has answered, by path (discovery and JWKS fetches)."""

from __future__ import annotations

import html
import secrets
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import grants
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core.grants import OpenIDCode
from flask import Flask, jsonify, request
from joserfc.jwk import RSAKey
from werkzeug.serving import WSGIRequestHandler, make_server

CLIENT_ID = "indsats-test"
CLIENT_SECRET = "hemmelig-klient-" + "x" * 16
KEY_ID = "test-key-1"


class _Quiet(WSGIRequestHandler):
    def log_request(self, *args, **kwargs):
        pass


@dataclass
class Client:
    client_id: str
    client_secret: str
    redirect_uris: list[str] = field(default_factory=list)

    def get_client_id(self):
        return self.client_id

    def get_default_redirect_uri(self):
        return self.redirect_uris[0] if self.redirect_uris else None

    def get_allowed_scope(self, scope):
        return " ".join(s for s in scope.split() if s in {"openid", "profile", "email", "groups"})

    def check_redirect_uri(self, redirect_uri):
        # The tests register whatever Django's test server calls itself.
        return redirect_uri.endswith("/oidc/callback/")

    def check_client_secret(self, client_secret):
        return secrets.compare_digest(client_secret, self.client_secret)

    def check_endpoint_auth_method(self, method, endpoint):
        return method in {"client_secret_basic", "client_secret_post"}

    def check_response_type(self, response_type):
        return response_type == "code"

    def check_grant_type(self, grant_type):
        return grant_type == "authorization_code"


@dataclass
class Code:
    code: str
    client_id: str
    redirect_uri: str
    scope: str
    user: dict
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    auth_time: int = field(default_factory=lambda: int(time.time()))

    def get_redirect_uri(self):
        return self.redirect_uri

    def get_scope(self):
        return self.scope

    def get_nonce(self):
        return self.nonce

    def get_auth_time(self):
        return self.auth_time

    def get_acr(self):
        return None

    def get_amr(self):
        return None

    def is_expired(self):
        return time.time() - self.auth_time > 300


class OidcProvider:
    def __init__(self):
        self.key = RSAKey.generate_key(2048, parameters={"kid": KEY_ID}, private=True)
        self.intruder_key = RSAKey.generate_key(2048, parameters={"kid": KEY_ID}, private=True)
        self.sign_with_intruder = False
        self.lifetime_seconds = 300
        self.nonce_override: str | None = None
        self.user: dict = {}
        self.codes: dict[str, Code] = {}
        self.client = Client(CLIENT_ID, CLIENT_SECRET)
        self.logins = 0
        self.requests: Counter[str] = Counter()
        self.rotations: list[str] = []

        self.app = Flask("test-oidc-provider")
        self.server = AuthorizationServer(
            self.app, query_client=self._query_client, save_token=lambda token, req: None
        )
        self.server.register_grant(
            self._code_grant(), [CodeChallenge(required=True), self._openid_extension()]
        )
        self._routes()
        self.httpd = make_server("127.0.0.1", 0, self.app, threaded=True, request_handler=_Quiet)
        self.issuer = f"http://127.0.0.1:{self.httpd.server_port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()

    def rotate_key(self) -> str:
        """Sign with a new key under a new key id from now on; returns the new key id."""
        kid = f"test-key-{len(self.rotations) + 2}"
        self.rotations.append(kid)
        self.key = RSAKey.generate_key(2048, parameters={"kid": kid}, private=True)
        return kid

    def _query_client(self, client_id):
        return self.client if client_id == self.client.client_id else None

    def _code_grant(self):
        provider = self

        class CodeGrant(grants.AuthorizationCodeGrant):
            TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]

            def save_authorization_code(self, code, req):
                provider.codes[code] = Code(
                    code=code,
                    client_id=req.client.client_id,
                    redirect_uri=req.payload.redirect_uri,
                    scope=req.payload.scope,
                    user=req.user,
                    nonce=req.payload.data.get("nonce"),
                    code_challenge=req.payload.data.get("code_challenge"),
                    code_challenge_method=req.payload.data.get("code_challenge_method"),
                )

            def query_authorization_code(self, code, client):
                found = provider.codes.get(code)
                return found if found and found.client_id == client.client_id else None

            def delete_authorization_code(self, authorization_code):
                provider.codes.pop(authorization_code.code, None)

            def authenticate_user(self, authorization_code):
                return authorization_code.user

        return CodeGrant

    def _openid_extension(self):
        provider = self

        class Extension(OpenIDCode):
            def exists_nonce(self, nonce, req):
                return False

            def resolve_client_private_key(self, client):
                return provider.intruder_key if provider.sign_with_intruder else provider.key

            def get_client_algorithm(self, client):
                return "RS256"

            def get_encode_header(self, client):
                key = provider.intruder_key if provider.sign_with_intruder else provider.key
                return {"alg": "RS256", "kid": key.kid}

            def get_client_claims(self, client):
                now = int(time.time())
                return {
                    "iss": provider.issuer,
                    "aud": [client.get_client_id()],
                    "iat": now,
                    "exp": now + provider.lifetime_seconds,
                }

            def generate_user_info(self, user, scope):
                claims = {"sub": user["sub"], **user.get("claims", {})}
                if provider.nonce_override is not None:
                    claims["nonce"] = provider.nonce_override
                return claims

        return Extension(require_nonce=True)

    def _routes(self):
        app, provider = self.app, self

        @app.before_request
        def count():
            provider.requests[request.path] += 1

        @app.get("/.well-known/openid-configuration")
        def discovery():
            return jsonify(
                issuer=provider.issuer,
                authorization_endpoint=f"{provider.issuer}/authorize",
                token_endpoint=f"{provider.issuer}/token",
                jwks_uri=f"{provider.issuer}/jwks",
                response_types_supported=["code"],
                subject_types_supported=["public"],
                id_token_signing_alg_values_supported=["RS256"],
                code_challenge_methods_supported=["S256"],
                scopes_supported=["openid", "profile", "email", "groups"],
                token_endpoint_auth_methods_supported=["client_secret_basic"],
            )

        @app.get("/jwks")
        def jwks():
            return jsonify(keys=[provider.key.as_dict(private=False)])

        @app.get("/authorize")
        def authorize_page():
            # The provider's own login page: the person confirms, the form POSTs the request.
            hidden = "".join(
                f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
                for k, v in request.args.items()
            )
            name = html.escape(provider.user.get("claims", {}).get("name", "?"))
            return (
                '<!doctype html><html lang="da"><head><title>Test-IdP: log ind</title></head>'
                f"<body><main><h1>Test-IdP</h1><p>Logget ind som {name}.</p>"
                f'<form method="post" action="/authorize">{hidden}'
                '<button type="submit">Fortsæt til Indsats</button></form></main></body></html>'
            )

        @app.post("/authorize")
        def authorize():
            provider.logins += 1
            grant = provider.server.get_consent_grant(end_user=provider.user)
            return provider.server.create_authorization_response(
                grant=grant, grant_user=provider.user
            )

        @app.post("/token")
        def token():
            return provider.server.create_token_response()
