# Copyright 2026 sales_dev_policy authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Sales Customer Development Policy",
    "summary": "Enforce the sales customer development policy: pipeline gates, "
    "credit control, legal review, confidentiality of customer information, "
    "commissions, project bonuses and appraisals",
    "version": "18.0.1.6.0",
    "category": "Sales/CRM",
    "author": "sales_dev_policy authors",
    "website": "https://github.com/sales-dev-policy/sales_dev_policy",
    "license": "LGPL-3",
    "depends": [
        "crm",
        "sale_management",
        "sale_crm",
        "sale_margin",
        "account",
        "survey",
        "privacy_lookup",
        # Installed with Discuss in any case (auto-install): its letters carry the recipient's
        # postal address, which the customer rule covers (P4.3.3).
        "snailmail",
    ],
    "data": [
        # groups -> access -> rules -> data -> views -> menus (menus last)
        "security/sales_dev_policy_groups.xml",
        "security/ir.model.access.csv",
        "security/sales_dev_policy_rules.xml",
        # PIPELINE data
        "data/pipeline_data.xml",
        "data/survey_data.xml",
        "data/pipeline_cron.xml",
        "views/res_config_settings_views.xml",
        "wizards/sdp_policy_adoption_offer_views.xml",
        # PIPELINE views
        "views/crm_stage_pipeline_views.xml",
        "views/crm_team_pipeline_views.xml",
        "views/crm_lead_pipeline_views.xml",
        "views/sdp_stage_transition_views.xml",
        "views/sdp_market_research_views.xml",
        "views/sdp_development_plan_views.xml",
        "views/sdp_support_request_views.xml",
        "views/sdp_followup_template_views.xml",
        "views/sdp_pipeline_step_report_views.xml",
        "wizards/sdp_gate_override_views.xml",
        # LEGAL
        "data/legal_data.xml",
        "views/sdp_legal_review_views.xml",
        "views/sale_order_legal_views.xml",
        "views/sale_portal_legal_templates.xml",
        "views/portal_consent_templates.xml",
        "wizards/sdp_legal_decision_views.xml",
        "report/sale_order_legal_report.xml",
        # ACCESS (P4 customer information)
        "data/customer_info_data.xml",
        "data/customer_info_cron.xml",
        # ACCESS (P4 customer information)
        "views/res_partner_customer_info_views.xml",
        "views/sdp_export_log_views.xml",
        "views/crm_lead_customer_info_views.xml",
        # CREDIT (P6.3)
        "data/credit_data.xml",
        "data/credit_cron.xml",
        # LEGAL and CREDIT: the reviewers' daily digest
        "data/digest_data.xml",
        "views/sdp_credit_profile_views.xml",
        "views/sdp_credit_assessment_views.xml",
        "views/sale_order_credit_views.xml",
        "wizards/sale_order_credit_release_views.xml",
        "report/sdp_credit_profile_report.xml",
        # INCENTIVE (P5.1)
        "data/incentive_cron.xml",
        "views/sdp_commission_plan_views.xml",
        "views/sdp_commission_sheet_views.xml",
        "views/sdp_project_bonus_views.xml",
        "wizards/sdp_commission_compute_views.xml",
        "report/sdp_commission_sheet_report.xml",
        "data/incentive_mail_data.xml",
        # APPRAISAL (P5.2-P5.4)
        "data/appraisal_cron.xml",
        "views/sdp_sales_target_views.xml",
        "views/sdp_appraisal_views.xml",
        "views/sdp_training_views.xml",
        "wizards/sdp_appraisal_generate_views.xml",
        "report/sdp_appraisal_report.xml",
        "data/appraisal_mail_data.xml",
        # CUSTOMER INFORMATION: data protection (PDPA, PDPO)
        "data/privacy_data.xml",
        "data/privacy_cron.xml",
        "wizards/sdp_privacy_request_decision_views.xml",
        "views/sdp_privacy_request_views.xml",
        "views/sdp_privacy_copy_templates.xml",
        "views/sales_dev_policy_menus.xml",
        # PIPELINE: regular revisits (P2.2.5), its menu under the policy's Reporting menu
        "views/res_partner_pipeline_views.xml",
    ],
    "demo": [
        "demo/sales_dev_policy_demo.xml",
        "demo/credit_demo.xml",
        # PIPELINE
        "demo/pipeline_demo.xml",
        # INCENTIVE and APPRAISAL (P5)
        "demo/incentive_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "sales_dev_policy/static/src/**/*",
        ],
        "web.assets_tests": [
            "sales_dev_policy/static/tests/tours/**/*",
        ],
    },
    "post_init_hook": "post_init_hook",
    "uninstall_hook": "uninstall_hook",
    "installable": True,
    "application": False,
}
