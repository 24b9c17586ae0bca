"""A demo database in another language: a Taiwanese company working in 中文 (台灣).

Usage (``bin/run --lang zh_TW`` runs it):

    sdp_demo_lang.py company ODOO_CONF DB LANG
    (odoo-bin -i sales_dev_policy,... with demo data)
    sdp_demo_lang.py data ODOO_CONF DB LANG

``company`` runs on a database that holds only ``base`` and the language: it puts the main
company in Taiwan with New Taiwan dollars before any accounting module is installed. A company's
currency cannot change once journal items exist, and installing ``account`` then loads the chart
of the company's country (``l10n_tw`` is auto-installed for a company in Taiwan, and its chart
sets the company currency to the country's). ``data`` runs after the add-ons are installed with
their demo data: it checks that the chart and the currency are Taiwan's, adds Taiwanese demo
customers (only to this demo, not to the module's demo data that Odoo's own tests run on) with a
lead each in the policy pipeline, names the module's demo records in the language (customers,
leads, teams...), and sets the language of the administrator and of every
internal user. Both steps are idempotent. Exits 1 with one line per problem.
Feature: translations.
"""

import sys

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry

# Only Taiwan is prepared: the chart, the currency and the customers are Taiwan's.
COUNTRY_OF_LANG = {"zh_TW": ("tw", "TWD")}
# The demo company itself: name and address (its state comes with l10n_tw, in ``data``).
COMPANY = {
    "name": "台灣示範科技股份有限公司",
    "street": "信義路五段7號",
    "city": "台北市信義區",
    "zip": "110",
}
COMPANY_STATE = "l10n_tw.state_tw_tpc"

# (xml id suffix, company, contact, street, city, zip, state xml id, phone, lead, salesperson,
# expected revenue in TWD)
CUSTOMERS = [
    (
        "tw_customer_precision",
        "台灣精密機械股份有限公司",
        "林志明",
        "中山北路二段45號8樓",
        "台北市中山區",
        "104",
        "l10n_tw.state_tw_tpc",
        "+886 2 2511 0001",
        "包裝產線自動化升級",
        "sales_dev_policy.demo_user_carl",
        1_200_000,
    ),
    (
        "tw_customer_semicon",
        "竹科半導體材料有限公司",
        "陳雅婷",
        "力行六路8號",
        "新竹市東區",
        "300",
        "l10n_tw.state_tw_hct",
        "+886 3 578 0002",
        "無塵室溫濕度監控系統",
        "sales_dev_policy.demo_user_carl",
        860_000,
    ),
    (
        "tw_customer_food",
        "南台灣食品股份有限公司",
        "黃俊傑",
        "中華五路100號",
        "高雄市前鎮區",
        "806",
        "l10n_tw.state_tw_khc",
        "+886 7 330 0003",
        "冷鏈倉儲溫度追蹤",
        "sales_dev_policy.demo_user_carl",
        540_000,
    ),
    (
        "tw_customer_textile",
        "中部紡織科技股份有限公司",
        "張淑芬",
        "台灣大道三段99號",
        "台中市西屯區",
        "407",
        "l10n_tw.state_tw_tcc",
        "+886 4 2258 0004",
        "布料檢測設備汰換",
        "sales_dev_policy.demo_user_carl",
        320_000,
    ),
]
XMLID_MODULE = "sdp_demo_lang"


def _env(conf, db):
    odoo.tools.config.parse_config(["-c", conf, "-d", db, "--log-level=warn"])
    registry = Registry(db)
    return registry.cursor()


def company(env, lang):
    """Main company in the language's country, with its currency, before accounting exists."""
    country_code, currency_code = COUNTRY_OF_LANG[lang]
    country = env["res.country"].search([("code", "=", country_code.upper())], limit=1)
    currency = (
        env["res.currency"]
        .with_context(active_test=False)
        .search([("name", "=", currency_code)], limit=1)
    )
    currency.active = True
    main_company = env.ref("base.main_company")
    # Base's company sits in California: its state goes with the country.
    main_company.write(
        dict(COMPANY, country_id=country.id, state_id=False, currency_id=currency.id)
    )
    main_company.partner_id.lang = lang
    env.ref("base.user_admin").lang = lang
    return []


# The module's own demo records as a Taiwanese company would have written them: customers,
# contacts, competitors, leads, research, teams and plans (only in this demo; the module's demo
# data stays in English for Odoo's own tests).
DEMO_RECORDS = {
    "zh_TW": {
        "demo_partner_jade": "玉龍貿易股份有限公司",
        "demo_partner_lotus": "蓮花精密機械股份有限公司",
        "demo_partner_harbor": "港灣物流股份有限公司",
        "demo_pipe_partner_orchid": "蘭花電子股份有限公司",
        "demo_pipe_partner_pine": "松谷食品股份有限公司",
        "demo_pipe_partner_river": "石川物流股份有限公司",
        "demo_pipe_contact_orchid": "林宜君",
        "demo_pipe_contact_pine": "周志豪",
        "demo_pipe_competitor_north": "北風系統股份有限公司",
        "demo_pipe_competitor_east": "東門科技股份有限公司",
        "demo_pipe_lead_prospect": "包裝產線升級",
        "demo_pipe_lead_contact": "冷藏庫溫度監控",
        "demo_pipe_lead_lost": "標籤印表機",
        "demo_pipe_lead_needs": "40 輛貨車車隊追蹤",
        "demo_pipe_lead_proposal": "新廠測試設備",
        "demo_pipe_lead_negotiation": "產線感測器",
        "demo_pipe_lead_won": "中央廚房冷鏈",
        "demo_lead_jade_expansion": "玉龍貿易：倉儲自動化",
        "demo_lead_lotus_retrofit": "蓮花精密：CNC 產線改造",
        "demo_lead_harbor_fleet": "港灣物流：車隊追蹤",
        "demo_lead_trade_show": "展會名單：福爾摩沙食品",
        "demo_lead_referral": "客戶推薦：珠江電子",
        "demo_pipe_market_research": "中台灣冷鏈市場",
        "demo_pipe_team": "制度流程（示範）",
        "demo_team_direct": "直銷團隊（制度）",
        "demo_team_key": "重要客戶團隊（制度）",
        "demo_commission_plan_direct": "直銷團隊提成方案",
        "demo_commission_plan_key": "重要客戶團隊提成方案",
    },
}


def translate_demo(env, lang):
    """Name the module's demo records in ``lang`` (idempotent)."""
    env = env(context=dict(env.context, lang=lang))
    for xmlid, name in DEMO_RECORDS.get(lang, {}).items():
        record = env.ref(f"sales_dev_policy.{xmlid}", raise_if_not_found=False)
        if record and record.name != name:
            record.name = name


def _ref_id(env, xmlid):
    record = env.ref(xmlid, raise_if_not_found=False)
    return record.id if record else False


def data(env, lang):
    """Check the chart and the currency, add the customers, set the users' language."""
    country_code, currency_code = COUNTRY_OF_LANG[lang]
    problems = []
    main_company = env.ref("base.main_company")
    if main_company.currency_id.name != currency_code:
        problems.append(f"company currency is {main_company.currency_id.name}, not {currency_code}")
    if main_company.chart_template != country_code:
        problems.append(f"chart of accounts is {main_company.chart_template}, not {country_code}")
    l10n = env["ir.module.module"].search([("name", "=", f"l10n_{country_code}")])
    if l10n.state != "installed":
        problems.append(f"l10n_{country_code} is {l10n.state or 'missing'}, not installed")

    country = env["res.country"].search([("code", "=", country_code.upper())], limit=1)
    team = env.ref("sales_dev_policy.demo_pipe_team", raise_if_not_found=False)
    first_stage = env.ref("sales_dev_policy.crm_stage_sdp_prospect")
    imd = env["ir.model.data"]
    for (
        key,
        name,
        contact,
        street,
        city,
        zip_code,
        state,
        phone,
        lead_name,
        user,
        revenue,
    ) in CUSTOMERS:
        if imd._xmlid_to_res_id(f"{XMLID_MODULE}.{key}"):
            continue
        partner = env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "street": street,
                "city": city,
                "zip": zip_code,
                "state_id": _ref_id(env, state),
                "country_id": country.id,
                "phone": phone,
                "lang": lang,
                "user_id": _ref_id(env, user),
                "child_ids": [(0, 0, {"name": contact, "type": "contact", "lang": lang})],
            }
        )
        lead = env["crm.lead"].create(
            {
                "name": lead_name,
                "type": "opportunity",
                "partner_id": partner.id,
                "user_id": _ref_id(env, user),
                "team_id": team.id if team else False,
                "stage_id": first_stage.id,
                "expected_revenue": revenue,
            }
        )
        imd.create(
            [
                {"module": XMLID_MODULE, "name": xmlid, "model": record._name, "res_id": record.id}
                for xmlid, record in ((key, partner), (f"{key}_lead", lead))
            ]
        )

    translate_demo(env, lang)
    if main_company.state_id.country_id != country:
        main_company.state_id = _ref_id(env, COMPANY_STATE)
    users = env["res.users"].with_context(active_test=False).search([("share", "=", False)])
    users.write({"lang": lang})
    main_company.partner_id.lang = lang
    return problems


def main(argv):
    if len(argv) != 5 or argv[1] not in ("company", "data"):
        sys.stderr.write(__doc__)
        return 2
    step, conf, db, lang = argv[1:]
    if lang not in COUNTRY_OF_LANG:
        prepared = ", ".join(COUNTRY_OF_LANG)
        sys.stderr.write(f"no demo company is prepared for {lang}: one of {prepared}\n")
        return 2
    with _env(conf, db) as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        problems = (company if step == "company" else data)(env, lang)
        if problems:
            cr.rollback()
            for problem in problems:
                print(problem)
            return 1
        cr.commit()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
