"""The customer's own page of consents on the portal: a person gives or withdraws, in writing,
the consent to other uses of their information (P4.3.2). Feature: customer information."""

from odoo import http
from odoo.http import request

from odoo.addons.portal.controllers import portal

from ..models.sdp_customer_consent import CONSENT_KIND, CONSENT_SCOPE


class ConsentPortal(portal.CustomerPortal):
    @http.route("/my/consents", type="http", auth="user", website=True, methods=["GET"])
    def sdp_portal_consents(self, **kwargs):
        values = self._prepare_portal_layout_values()
        user = request.env.user
        # sudo: the company's name and calendar (its contact's time zone), which a portal user
        # may not read.
        company = request.env.company.sudo()
        # sudo: the person's own consents only (their contact), to say which are in effect.
        consents = request.env["sdp.customer.consent"].sudo().with_context(lang=user.lang)
        values.update(
            {
                "page_name": "sdp_consents",
                "purposes": consents._sdp_portal_purposes(user.partner_id, company),
                "sdp_company": company,
            }
        )
        return request.render("sales_dev_policy.portal_my_consents", values)

    @http.route(
        "/my/consents/<string:scope>", type="http", auth="user", website=True, methods=["POST"]
    )
    def sdp_portal_consent_decide(self, scope, decision=None, **kwargs):
        consents = request.env["sdp.customer.consent"]
        if scope not in dict(CONSENT_SCOPE) or decision not in dict(CONSENT_KIND):
            # Not a purpose or decision of the page: nothing to record, back to the page.
            return request.redirect("/my/consents")
        # sudo: the company's name and calendar only.
        company = request.env.company.sudo()
        # sudo: the declaration is recorded for the logged-in person's own contact, with the text
        # the server writes (never one the request sends), as the person's own act; portal users
        # have no access to consent records otherwise.
        consents.sudo()._sdp_portal_declare(request.env.user, company, scope, decision)
        return request.redirect("/my/consents")
