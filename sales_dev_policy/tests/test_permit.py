"""Flow permits (models/sdp_permit.py): equal by value so that equal permits share one
environment, and never equal to anything an RPC caller can put in the context.

Shared by all features."""

import copy

from odoo.exceptions import AccessError
from odoo.tests import tagged

from ..models.sdp_permit import FlowPermit, get_permit, has_permit, with_permit
from .common_legal import SdpLegalCommon


@tagged("post_install", "-at_install")
class TestFlowPermit(SdpLegalCommon):
    def test_equal_permits_share_one_environment(self):
        """Two calls of a flow with the same input run in the same environment: a batch
        does not add an environment per record (each one makes Odoo's lookup slower)."""
        leads = self.env["crm.lead"].with_user(self.user_sales_a)
        first = with_permit(leads, "gate_override", reason="same reason")
        second = with_permit(leads, "gate_override", reason="same reason")
        self.assertIs(first.env, second.env)
        self.assertIs(
            leads.with_context(sdp_permit=FlowPermit("move_back", reason="r")).env,
            leads.with_context(sdp_permit=FlowPermit("move_back", reason="r")).env,
        )
        # Another flow or another input is another permit, so another environment.
        other_reason = with_permit(leads, "gate_override", reason="other reason")
        other_flow = with_permit(leads, "move_back", reason="same reason")
        self.assertIsNot(first.env, other_reason.env)
        self.assertIsNot(first.env, other_flow.env)
        self.assertEqual(
            get_permit(other_reason.env, "gate_override").data["reason"], "other reason"
        )
        self.assertEqual(get_permit(first.env, "gate_override").data["reason"], "same reason")

    def test_equality_and_hash_by_value(self):
        permit = FlowPermit("gate_override", reason="why")
        same = FlowPermit("gate_override", reason="why")
        self.assertEqual(permit, same)
        self.assertFalse(permit != same)
        self.assertEqual(hash(permit), hash(same))
        self.assertEqual(len({permit, same}), 1)
        self.assertNotEqual(permit, FlowPermit("gate_override", reason="other"))
        self.assertNotEqual(permit, FlowPermit("gate_override"))
        self.assertNotEqual(permit, FlowPermit("move_back", reason="why"))
        # Unhashable input still makes a hashable permit (the hash ignores values).
        self.assertEqual(hash(FlowPermit("x", ids=[1, 2])), hash(FlowPermit("x", ids=[3])))
        self.assertNotEqual(FlowPermit("x", ids=[1, 2]), FlowPermit("x", ids=[3]))

    def test_permit_is_immutable(self):
        """A permit shared by several calls through one environment cannot be changed by
        one of them."""
        permit = FlowPermit("gate_override", reason="why")
        with self.assertRaises(AttributeError):
            permit.name = "sale.order"
        with self.assertRaises(TypeError):
            permit.data["reason"] = "other"
        self.assertEqual((permit.name, permit.data["reason"]), ("gate_override", "why"))
        # Code that copies a context keeps the permit (it is the same, immutable one).
        self.assertIs(copy.copy(permit), permit)
        self.assertIs(copy.deepcopy({"sdp_permit": permit})["sdp_permit"], permit)

    def test_never_equal_to_what_a_caller_sends(self):
        """Nothing JSON can carry compares equal to a permit, either way round."""
        permit = FlowPermit("sale.order", reason="why")
        for value in (
            "sale.order",
            "FlowPermit('sale.order')",
            {"name": "sale.order", "data": {"reason": "why"}},
            {"reason": "why"},
            ["sale.order", {"reason": "why"}],
            ("sale.order", {"reason": "why"}),
            ("sale.order", ("reason",)),
            None,
            True,
            False,
            1,
            0,
            1.0,
            hash(permit),
        ):
            with self.subTest(value=value):
                self.assertFalse(permit == value)
                self.assertFalse(value == permit)
                self.assertTrue(permit != value)
                self.assertTrue(value != permit)
        # Nor does a context holding such a value equal a context holding the permit: the
        # caller's environment is never the flow's.
        orders = self.env["sale.order"].with_user(self.user_sales_a)
        self.assertIsNot(
            orders.with_context(sdp_permit="sale.order").env, with_permit(orders, "sale.order").env
        )

    def test_forged_context_grants_nothing(self):
        """``sdp_permit`` sent by a caller as a string, dict, list... is no permit: a field
        that only the order's flows write is still refused, and nothing changes."""
        order = self._create_order()
        state = order.sdp_legal_state
        self.assertNotEqual(state, "approved")
        for forged in (
            "sale.order",
            {"name": "sale.order", "data": {}},
            ["sale.order"],
            ("sale.order",),
            True,
            1,
        ):
            with self.subTest(forged=forged):
                env = order.with_user(self.user_sales_a).with_context(sdp_permit=forged).env
                self.assertFalse(has_permit(env, "sale.order"))
                with self.assertRaisesMsg(AccessError, "policy's flows only"):
                    order.with_user(self.user_sales_a).with_context(sdp_permit=forged).write(
                        {"sdp_legal_state": "approved"}
                    )
        order.invalidate_recordset()
        self.assertEqual(order.sdp_legal_state, state)
        # The real permit (server code only) does let the flow write it.
        with_permit(order.with_user(self.user_sales_a), "sale.order").write(
            {"sdp_legal_state": "approved"}
        )
        self.assertEqual(order.sdp_legal_state, "approved")
