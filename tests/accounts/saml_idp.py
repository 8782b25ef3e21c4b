"""A real SAML 2.0 identity provider for the tests: pysaml2's server.Server behind a small WSGI
app on localhost, in a thread, with self-signed keys generated at test time. It answers an
AuthnRequest (HTTP-Redirect binding) with a signed response as an auto-posting HTML form
(HTTP-POST binding), for whoever ``idp.user`` says is logged in."""

from __future__ import annotations

import datetime as dt
import shutil
import threading
from pathlib import Path
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, make_server

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID


def make_keypair(directory: Path, name: str) -> tuple[str, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_file, cert_file = directory / f"{name}.key", directory / f"{name}.pem"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return str(key_file), str(cert_file)


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass


class SamlIdP:
    """``user``: {"subject": ..., "attributes": {...}}; ``sign_with``: (key, cert) to sign
    with (defaults to the published pair); ``lifetime_minutes``: the assertion's lifetime."""

    def __init__(self, directory: Path):
        from saml2 import BINDING_HTTP_REDIRECT

        self.directory = directory
        self.keys = make_keypair(directory, "idp")
        self.other_keys = make_keypair(directory, "intruder")
        self.sign_with = self.keys
        self.lifetime_minutes = 5
        self.sp_metadata = ""
        self.user: dict = {}
        self.served_metadata: str | None = None  # None: metadata_xml() as it is now
        self.httpd = make_server("127.0.0.1", 0, self.app, handler_class=_Quiet)
        self.base = f"http://127.0.0.1:{self.httpd.server_port}"
        self.entity_id = f"{self.base}/idp/metadata"
        self.sso_url = f"{self.base}/idp/sso/redirect"
        self._binding = BINDING_HTTP_REDIRECT
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def config(self, *, keys=None, with_sp=True) -> dict:
        key_file, cert_file = keys or self.sign_with
        return {
            "entityid": self.entity_id,
            "xmlsec_binary": shutil.which("xmlsec1"),
            "key_file": key_file,
            "cert_file": cert_file,
            "metadata": {"inline": [self.sp_metadata]} if with_sp and self.sp_metadata else {},
            "service": {
                "idp": {
                    "endpoints": {"single_sign_on_service": [(self.sso_url, self._binding)]},
                    "name_id_format": ["urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"],
                    "policy": {"default": {"lifetime": {"minutes": self.lifetime_minutes}}},
                }
            },
        }

    def metadata_xml(self) -> str:
        """The IdP's metadata, with the published (not the intruder's) certificate."""
        from saml2.config import IdPConfig
        from saml2.metadata import entity_descriptor

        config = IdPConfig()
        config.load(self.config(keys=self.keys, with_sp=False))
        return str(entity_descriptor(config))

    def server(self):
        from saml2.config import IdPConfig
        from saml2.server import Server

        config = IdPConfig()
        config.load(self.config())
        return Server(config=config)

    def app(self, environ, start_response):
        from saml2 import BINDING_HTTP_POST
        from saml2.authn_context import PASSWORDPROTECTEDTRANSPORT
        from saml2.saml import NAMEID_FORMAT_PERSISTENT, NameID

        if environ.get("PATH_INFO") == "/idp/metadata":
            body = self.metadata_xml() if self.served_metadata is None else self.served_metadata
            start_response("200 OK", [("Content-Type", "application/samlmetadata+xml")])
            return [body.encode()]
        query = parse_qs(environ.get("QUERY_STRING", ""))
        server = self.server()
        request = server.parse_authn_request(query["SAMLRequest"][0], self._binding)
        message = request.message
        acs = message.assertion_consumer_service_url
        response = server.create_authn_response(
            self.user.get("attributes", {}),
            in_response_to=message.id,
            destination=acs,
            sp_entity_id=message.issuer.text,
            name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=self.user["subject"]),
            authn={"class_ref": PASSWORDPROTECTEDTRANSPORT},
            sign_assertion=True,
            sign_response=False,
        )
        http_args = server.apply_binding(
            BINDING_HTTP_POST,
            str(response),
            acs,
            query.get("RelayState", [""])[0],
            response=True,
        )
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [http_args["data"].encode()]
