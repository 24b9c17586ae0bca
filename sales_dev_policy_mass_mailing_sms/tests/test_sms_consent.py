"""SMS marketing mailings and consent (P4.3.2). Feature: customer information (SMS bridge)."""

from odoo import Command
from odoo.tests import tagged

from odoo.addons.sales_dev_policy.tests.common import SIGNED_FORM, SalesDevPolicyCommon
from odoo.addons.sms.tests.common import MockSMS


@tagged("sdp_privacy", "sdp_access", "post_install", "-at_install")
class TestSmsConsent(SalesDevPolicyCommon, MockSMS):
    """With "Marketing Only with Consent", SMS mailings reach only consenting people. Sending
    goes through Odoo's mocked SMS gateway (no IAP account in tests)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.person_ok = Partner.create({"name": "SDP SMS consenting", "mobile": "+32456001001"})
        cls.person_none = Partner.create({"name": "SDP SMS no consent", "mobile": "+32456001002"})
        cls.people = cls.person_ok | cls.person_none
        cls.env["sdp.customer.consent"].create(
            {"document": SIGNED_FORM, "partner_id": cls.person_ok.id, "scope": "marketing"}
        )

    def _sms_mailing(self, model="res.partner", domain=None, lists=None):
        values = {
            "subject": "SDP SMS offers",
            "mailing_type": "sms",
            "body_plaintext": "Offers this week",
            "sms_allow_unsubscribe": False,
            "mailing_model_id": self.env["ir.model"]._get_id(model),
        }
        if lists:
            values["contact_list_ids"] = [Command.link(lst.id) for lst in lists]
        else:
            values["mailing_domain"] = repr(domain or [("id", "in", self.people.ids)])
        return self.env["mailing.mailing"].create(values)

    def _send(self, mailing, res_ids=None):
        with self.mockSMSGateway():
            mailing.action_send_sms(res_ids=res_ids)
        # sudo: traces are the marketing team's statistics; the test reads them whole.
        traces = mailing.sudo().mailing_trace_ids
        sent = traces.filtered(lambda t: t.trace_status != "cancel")
        opted_out = traces.filtered(lambda t: t.failure_type == "sms_optout")
        return sorted(sent.mapped("res_id")), sorted(opted_out.mapped("res_id"))

    def test_switch_off_is_standard(self):
        mailing = self._sms_mailing()
        self.assertEqual(self._send(mailing), (sorted(self.people.ids), []))

    def test_only_consenting_people_get_the_sms(self):
        self.company.sdp_marketing_consent_only = True
        mailing = self._sms_mailing()
        self.assertEqual(self._send(mailing), (self.person_ok.ids, self.person_none.ids))
        # sudo: the SMS queue is the system's; the test reads what will leave.
        queued = self.env["sms.sms"].sudo().search([("mailing_id", "=", mailing.id)])
        self.assertEqual(
            queued.filtered(lambda s: s.state == "outgoing").mapped("number"), ["+32456001001"]
        )

    def test_chosen_records_follow_consent(self):
        self.company.sdp_marketing_consent_only = True
        mailing = self._sms_mailing()
        sent = self._send(mailing, res_ids=self.person_none.ids)
        self.assertEqual(sent, ([], self.person_none.ids))

    def test_list_subscribers(self):
        """A subscriber whose number is a contact's needs that contact's consent; a number of
        no contact opted in to the list and stays."""
        self.company.sdp_marketing_consent_only = True
        mailing_list = self.env["mailing.list"].create(
            {
                "name": "SDP SMS list",
                "contact_ids": [
                    Command.create({"name": "Known, no consent", "mobile": "+32456001002"}),
                    Command.create({"name": "Subscriber", "mobile": "+32456009999"}),
                ],
            }
        )
        mailing = self._sms_mailing(model="mailing.list", lists=mailing_list)
        with self.mockSMSGateway():
            mailing.action_send_sms()
        # sudo: traces are the marketing team's statistics; the test reads them whole.
        traces = mailing.sudo().mailing_trace_ids
        self.assertEqual(
            traces.filtered(lambda t: t.trace_status != "cancel").mapped("sms_number"),
            ["+32456009999"],
        )
        self.assertEqual(
            traces.filtered(lambda t: t.failure_type == "sms_optout").mapped("sms_number"),
            ["+32456001002"],
        )
