"""The customer restriction switch, for the record rules that keep customers confidential
(P4.3.3). Feature: customer information."""

from odoo import api, models
from odoo.osv import expression
from odoo.tools.safe_eval import safe_eval

# Groups that see every document of a model whatever its customer: they keep the books
# (P4.3.3 restricts salespeople, not the accountants who must see every invoice).
ACCOUNTING_GROUPS = ("account.group_account_invoice", "account.group_account_readonly")


class IrRule(models.Model):
    _inherit = "ir.rule"

    @api.model
    def _eval_context(self):
        """Expose which customers are restricted to their salesperson to rule domains (P4.3.3).

        A customer follows its own company's switch: ``sdp_restricted_company_ids`` lists the
        companies that restrict their customers; a customer without a company is restricted when
        any company the user works in restricts (``sdp_restrict_customers``). Rule domains are
        cached per set of active companies and the cache is cleared when a switch changes
        (res.company.create/write), so both values are stable for a cached domain.
        ``sdp_unassigned_documents`` builds the domain of the global rules on documents.
        """
        context = super()._eval_context()
        restricting = self.env["res.company"]._sdp_restricting_company_ids()
        context["sdp_restricted_company_ids"] = list(restricting)
        context["sdp_restrict_customers"] = bool(set(self.env.companies.ids) & set(restricting))
        context["sdp_unassigned_documents"] = self._sdp_unassigned_documents_domain
        context["sdp_customer_documents"] = self._sdp_customer_documents_domain
        return context

    @api.model
    def _sdp_customer_documents_domain(self, customer_field, accounting=False):
        """Domain of the global rules on what belongs to a customer and has no salesperson of
        its own (bank accounts, letters): the user's customers only, where the customer rule
        restricts the user (P4.3.3); everything for everyone else (see
        ``_sdp_unassigned_documents_domain``)."""
        return self._sdp_unassigned_documents_domain(False, customer_field, accounting)

    @api.model
    def _sdp_unassigned_documents_domain(self, salesperson_field, customer_field, accounting=False):
        """Domain of the global rules that hide a document *without a salesperson* whose
        customer the user may not see (P4.3.3).

        Odoo lets every salesperson see their own documents and the unassigned ones; an
        unassigned order, lead or invoice of another salesperson's customer would show that
        customer's name, address and amounts. The customers a user may see are exactly those
        the res.partner rules of their groups give them (customised rules included), so one
        rule decides for contacts and for every document. Documents with a salesperson
        keep Odoo's own rules (the customer of one's own order is visible by the partner rule);
        users who see every lead (managers, reviewers), users without a sales role, accountants
        on invoices (``accounting``) and companies that do not restrict are not filtered: with
        the switch off nothing changes. The result is cached with the rule domains, per user;
        group and switch changes clear that cache.
        """
        user = self.env.user
        if (
            not self.env["res.company"]._sdp_restricting_company_ids()
            or not user.has_group("sales_team.group_sale_salesman")
            or user.has_group("sales_team.group_sale_salesman_all_leads")
            or (accounting and any(user.has_group(group) for group in ACCOUNTING_GROUPS))
        ):
            return [(1, "=", 1)]
        customers = self._sdp_customer_rules_domain()
        if customers is None:
            return [(1, "=", 1)]
        domain = ["|", (customer_field, "=", False), (customer_field, "any", customers)]
        return ["|", (salesperson_field, "!=", False), *domain] if salesperson_field else domain

    @api.model
    def _sdp_customer_rules_domain(self):
        """The res.partner rules of the user's groups (the customer rules, P4.3.3), OR-ed as
        Odoo combines them; None when they restrict nothing.

        Odoo's global partner rules (the multi-company one) are left out: which company's
        documents a user sees is decided by each document's own company rule, and evaluating
        the partner rule's ``parent_of`` on every query of a document would read the user's
        companies each time.
        """
        eval_context = self._eval_context()
        domains = [
            expression.normalize_domain(
                safe_eval(rule.domain_force, eval_context) if rule.domain_force else []
            )
            for rule in self._sdp_group_rules("res.partner")
        ]
        if not domains:
            return None
        customers = expression.OR(domains)
        return None if customers == expression.TRUE_DOMAIN else customers

    @api.model
    def _sdp_group_rules(self, model_name, mode="read"):
        """The rules of ``model_name`` that the current user's groups give them (global rules
        left out), read as superuser like Odoo's own rule evaluation.

        The one place that calls Odoo's private ``ir.rule._get_rules(model_name, mode)``: it
        returns the global rules and those of the user's groups (explicit and implied), so no
        group membership is read here. Its signature is pinned by a test
        (``test_customer_rules_reach_odoo_through_one_helper``) that fails when Odoo changes it.
        """
        # sudo: reads the rule definitions, as ir.rule._compute_domain does.
        return self._get_rules(model_name, mode=mode).sudo().filtered("groups")
