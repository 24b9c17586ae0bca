"""Permits that the module's own flows hand to the code they call, through the context.

The context is the caller's: over RPC anyone sends any JSON in it (strings, numbers, lists,
dicts). A key whose *presence* or *truth* skipped a check would be a permit anyone could forge.
A :class:`FlowPermit` instance cannot travel over RPC: only server code creates one, so code
that finds one in the context knows a flow of this module put it there. Shared by all features."""

from types import MappingProxyType

from odoo import api, models
from odoo.exceptions import AccessError, UserError


class FlowPermit:
    """An unforgeable marker that the named flow of this module is running, with the input
    the flow collected (e.g. the reason of a manager's override).

    Two permits of the same flow with the same data are equal and hash alike, so that a
    context holding one is equal to a context holding the other: Odoo then reuses the
    environment of the first (``Environment.__new__`` compares contexts by value and scans
    every environment alive in the transaction), instead of adding one more environment per
    call, which made every later lookup slower (quadratic in the size of a batch). A permit
    is only ever equal to another permit: nothing that can come over RPC (str, numbers,
    lists, dicts, None, booleans) compares equal to one, so a forged context value still
    matches no permit, whatever way round the comparison is made. Permits are immutable, so
    an environment shared by equal permits cannot be changed by one of its users."""

    __slots__ = ("_key", "data", "name")

    def __init__(self, name, **data):
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "data", MappingProxyType(dict(data)))
        # Hashed on the name and the data's keys: data values need not be hashable (a hash
        # that ignores the values is still consistent with equality, which compares them).
        object.__setattr__(self, "_key", (name, tuple(sorted(data))))

    def __setattr__(self, name, value):
        raise AttributeError(f"FlowPermit is immutable: cannot set {name!r}")

    def __delattr__(self, name):
        raise AttributeError(f"FlowPermit is immutable: cannot delete {name!r}")

    def __eq__(self, other):
        if type(other) is not FlowPermit:
            # Never equal to a value a caller can send; NotImplemented lets Python fall back
            # to identity, which is False for any object but this one.
            return NotImplemented
        return self.name == other.name and dict(self.data) == dict(other.data)

    def __ne__(self, other):
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __hash__(self):
        return hash(self._key)

    # Immutable: a copy is the permit itself (a context copied by some code keeps it).
    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def __reduce__(self):
        return (_rebuild_permit, (self.name, dict(self.data)))

    def __repr__(self):
        return f"FlowPermit({self.name!r})"


def _rebuild_permit(name, data):
    return FlowPermit(name, **data)


def with_permit(records, name, **data):
    """``records`` with the permit of flow ``name`` (and its ``data``) in their context."""
    return records.with_context(sdp_permit=FlowPermit(name, **data))


def get_permit(env, *names):
    """The permit of one of the flows ``names`` when it runs, else None."""
    permit = env.context.get("sdp_permit")
    if isinstance(permit, FlowPermit) and permit.name in names:
        return permit
    return None


def has_permit(env, *names):
    """True when one of the flows ``names`` of this module runs (put its permit in the
    context)."""
    return get_permit(env, *names) is not None


def created_fields(model, vals):
    """The fields a ``create`` of ``vals`` on ``model`` sets: those of ``vals`` and those the
    caller's context gives a default (``default_<field>``), which the ORM applies after any
    check of ``vals`` alone."""
    return set(vals) | {
        key[8:]
        for key in model.env.context
        if key.startswith("default_") and key[8:] in model._fields
    }


class SdpFlowFieldsMixin(models.AbstractModel):
    """Fields that only the model's own actions write (states, approvals, payments).

    A model lists them in ``_sdp_flow_fields``; its actions write them with
    :meth:`_sdp_flow_write`. Any other ``create``/``write`` (a form, RPC, import, another
    add-on's code running as the user) naming one of them is refused: a view's ``readonly``
    protects nothing over RPC.
    """

    _name = "sdp.flow.fields.mixin"
    _description = "Fields written by the policy's actions only"
    _sdp_flow_fields = frozenset()

    def _sdp_check_flow_fields(self, fnames):
        protected = self._sdp_flow_fields & set(fnames)
        if protected and not self.env.su and not has_permit(self.env, self._name):
            raise AccessError(self._sdp_flow_fields_error(protected))

    def _sdp_flow_fields_error(self, protected):
        """The refusal, naming the records and fields; models say which flow sets them."""
        return self.env._(
            "%(records)s: %(fields)s change only through the actions of the %(model)s "
            "(buttons such as Confirm, Approve, Pay), not by editing them.",
            records=self._sdp_flow_records_label(),
            fields=self._sdp_flow_fields_label(protected),
            model=self._description,
        )

    def _sdp_flow_records_label(self):
        return ", ".join(self.mapped("display_name")) or self._description

    def _sdp_flow_fields_label(self, protected):
        return ", ".join(self._fields[f]._description_string(self.env) for f in sorted(protected))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._sdp_check_flow_fields(created_fields(self, vals))
        return super().create(vals_list)

    def write(self, vals):
        self._sdp_check_flow_fields(vals)
        return super().write(vals)

    def _sdp_flow_write(self, vals):
        """Write fields of ``_sdp_flow_fields`` from an action, after its own checks."""
        return with_permit(self, self._name).write(vals)


def raise_audit_record(records):
    """Refuse to delete audit records (stage transitions, legal review rounds, credit
    assessments and releases, consents): they are the evidence that the policy was followed.
    Used in ``@api.ondelete(at_uninstall=False)`` hooks, so that uninstalling the module and
    deleting a customer (lawful anonymisation, database cascade) still work."""
    if records:
        raise UserError(
            records.env._(
                "%(records)s: %(model)s records are the audit trail of the sales development "
                "policy and are never deleted.",
                records=", ".join(records[:5].mapped("display_name")),
                model=records._description,
            )
        )
