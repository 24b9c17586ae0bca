"""Reads work on a read-only database replica: Odoo 18 runs read-only requests (``@api.readonly``
methods such as ``web_search_read``, ``web_read_group``, ``name_search``, ``search_count``) on a
read-only cursor, on the replica when ``db_replica_host`` is set; a write there fails and the
request is retried "with a read/write cursor", or fails on a replica. Nothing the module runs
while reading may write. Shared by all features."""

from contextlib import contextmanager

from odoo.tests import tagged

from odoo.addons.web.controllers.export import CSVExport, ExcelExport

from .common import SalesDevPolicyCommon

# Odoo's models the module extends with fields, computes, rules or group expansion.
EXTENDED = ["crm.lead", "sale.order", "res.partner", "crm.team", "crm.stage", "res.company"]
GROUP_BY = {"crm.lead": "stage_id", "sale.order": "state", "res.partner": "user_id"}


@tagged("sdp_integrity", "post_install", "-at_install")
class TestReadsOnReadOnlyCursor(SalesDevPolicyCommon):
    @contextmanager
    def _read_only(self):
        """The test transaction in read-only mode, as Odoo's test cursor simulates a read-only
        request (odoo/sql_db.py, TestCursor): a write raises ReadOnlySqlTransaction."""
        self.env.flush_all()
        self.env.cr.execute("SAVEPOINT sdp_read_only")
        self.env.cr.execute("SET TRANSACTION READ ONLY")
        try:
            yield
            self.env.flush_all()  # a write left pending by a read would fail here
        finally:
            self.env.cr.execute("ROLLBACK TO SAVEPOINT sdp_read_only")
            self.env.invalidate_all()

    def _models(self):
        names = self.env["ir.model"].search(
            [("model", "=like", "sdp.%"), ("transient", "=", False)]
        )
        return EXTENDED + sorted(names.mapped("model"))

    def _read_everything(self, user):
        """What the web client reads, as ``user``: lists with every field the user may read,
        grouped lists (and the pipeline's stage columns), name search and counts."""
        checked = []
        for name in self._models():
            model = self.env[name].with_user(user)
            if not model.has_access("read"):
                continue
            fields = model.fields_get(attributes=["type"])
            spec = {fname: {} for fname in fields}
            with self._read_only():
                model.web_search_read([], spec, limit=20)
                model.search_count([])
                if model._rec_name or model._rec_names_search:
                    # (A model without either cannot be searched by name: Odoo warns.)
                    model.name_search("a", limit=10)
                groupby = GROUP_BY.get(name, "create_uid" if "create_uid" in fields else None)
                if groupby:
                    model.web_read_group([], [], [groupby], limit=20)
            checked.append(name)
        return checked

    def test_reads_do_not_write(self):
        """Every model of the module and Odoo's models it extends, read as each role: no write."""
        for user in (
            self.user_sales_a,
            self.user_leader,
            self.user_manager,
            self.user_credit,
            self.user_legal,
        ):
            with self.subTest(user=user.login):
                checked = self._read_everything(user)
                self.assertIn("crm.lead", checked)

    def test_export_routes_are_read_write(self):
        """P4.3.1: an export writes its log line (sdp.export.log). Odoo 18 serves /web/export/csv
        and /web/export/xlsx on a read/write cursor (their routes are not readonly), so the log is
        written in the export's own transaction; if Odoo made them read-only, this test says the
        log needs another way."""
        for endpoint in (CSVExport.web_export_csv, ExcelExport.web_export_xlsx):
            self.assertFalse(endpoint.original_routing.get("readonly"))
