"""ACS3-HMAC-SHA256 against the published test vector and the encoding rules."""

import hashlib
import unittest

from tests.server.harness import REPO_ROOT  # noqa: F401  (puts scripts/ on sys.path)
from batchserver.signing import (EMPTY_BODY_SHA256, Credentials, canonical_headers, canonical_query_string,
                                 percent_encode, sign_request)

VECTOR_CREDENTIALS = Credentials("YourAccessKeyId", "YourAccessKeySecret")


def sign_vector(**overrides):
    arguments = dict(
        method="POST", host="ecs.cn-shanghai.aliyuncs.com", action="RunInstances", version="2014-05-26",
        params=[("RegionId", "cn-shanghai"), ("ImageId", "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd")],
        credentials=VECTOR_CREDENTIALS, date="2023-10-26T10:22:32Z", nonce="3156853299f313e23d1673dc12e1703d")
    arguments.update(overrides)
    return sign_request(**arguments)


class SignatureVectorTest(unittest.TestCase):
    def test_published_vector(self):
        signed = sign_vector()
        self.assertEqual(signed.canonical_request, "\n".join([
            "POST", "/",
            "ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai",
            "host:ecs.cn-shanghai.aliyuncs.com\nx-acs-action:RunInstances\n"
            f"x-acs-content-sha256:{EMPTY_BODY_SHA256}\nx-acs-date:2023-10-26T10:22:32Z\n"
            "x-acs-signature-nonce:3156853299f313e23d1673dc12e1703d\nx-acs-version:2014-05-26\n",
            "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version",
            EMPTY_BODY_SHA256]))
        self.assertEqual(hashlib.sha256(signed.canonical_request.encode()).hexdigest(),
                         "7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259")
        self.assertEqual(signed.string_to_sign,
                         "ACS3-HMAC-SHA256\n7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259")
        self.assertEqual(signed.signature, "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0")
        self.assertEqual(signed.headers["Authorization"],
                         "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,"
                         "SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;"
                         "x-acs-signature-nonce;x-acs-version,"
                         "Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0")
        self.assertEqual(signed.headers["x-acs-content-sha256"], EMPTY_BODY_SHA256)

    def test_any_change_changes_the_signature(self):
        reference = sign_vector().signature
        for change in ({"nonce": "0" * 32}, {"date": "2023-10-26T10:22:33Z"}, {"action": "RunInstance"},
                       {"credentials": Credentials("YourAccessKeyId", "other")}, {"body": b"x"},
                       {"params": [("RegionId", "cn-shanghai")]}):
            self.assertNotEqual(sign_vector(**change).signature, reference, change)

    def test_security_token_and_content_type_are_signed(self):
        signed = sign_vector(credentials=Credentials("id", "secret", "sts-token"), content_type="application/json")
        self.assertEqual(signed.headers["x-acs-security-token"], "sts-token")
        self.assertIn("SignedHeaders=content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;"
                      "x-acs-security-token;x-acs-signature-nonce;x-acs-version,", signed.headers["Authorization"])

    def test_fresh_nonce_and_date_by_default(self):
        first = sign_vector(nonce=None, date=None)
        second = sign_vector(nonce=None, date=None)
        self.assertNotEqual(first.headers["x-acs-signature-nonce"], second.headers["x-acs-signature-nonce"])
        self.assertRegex(first.headers["x-acs-date"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


class EncodingTest(unittest.TestCase):
    def test_rfc3986_once(self):
        self.assertEqual(percent_encode("a b*c~d-e_f.g"), "a%20b%2Ac~d-e_f.g")
        self.assertEqual(percent_encode("/+=&"), "%2F%2B%3D%26")
        self.assertEqual(percent_encode('["RUNNING","FAILED"]'), "%5B%22RUNNING%22%2C%22FAILED%22%5D")
        self.assertEqual(percent_encode("批量"), "%E6%89%B9%E9%87%8F")
        self.assertEqual(percent_encode("%41"), "%2541", "values are encoded once, never decoded")

    def test_query_sorted_by_name(self):
        self.assertEqual(canonical_query_string([("b", "2"), ("a", "1"), ("B", "0"), ("a b", "x y")]),
                         "B=0&a=1&a%20b=x%20y&b=2")
        self.assertEqual(canonical_query_string([]), "")

    def test_headers_selected_lowercased_sorted_trimmed(self):
        block, signed = canonical_headers({"X-Acs-Date": " 2023 ", "Host": "h", "Accept": "x",
                                           "Content-Type": "text/plain", "User-Agent": "u"})
        self.assertEqual(block, "content-type:text/plain\nhost:h\nx-acs-date:2023\n")
        self.assertEqual(signed, "content-type;host;x-acs-date")

    def test_credentials_repr_hides_the_secret(self):
        text = repr(Credentials("LTAIkeyid", "s3cr3t-value", "tok3n-value"))
        self.assertNotIn("s3cr3t-value", text)
        self.assertNotIn("tok3n-value", text)


if __name__ == "__main__":
    unittest.main()
