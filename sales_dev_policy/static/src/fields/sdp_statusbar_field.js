/** @odoo-module **/
// Pipeline (P3): a step the gate refuses is not left on the screen. Odoo's status bar puts the
// clicked step into the form, then saves; when the server refuses the move, the form kept the
// refused step and stayed unsaved, so the lead looked moved. Here the refused step is taken
// back: the form read again when the step was its only change, only the step otherwise (the user's
// other unsaved edits stay, to save or discard). The refusal itself is shown as before.
import { registry } from "@web/core/registry";
import { StatusBarField, statusBarField } from "@web/views/fields/statusbar/statusbar_field";

export class SdpStatusBarField extends StatusBarField {
    async selectItem(item) {
        const { name, record } = this.props;
        const hadChanges = await record.isDirty();
        const previous = record.data[name];
        const value = this.field.type === "many2one" ? [item.value, item.label] : item.value;
        await record.update({ [name]: value });
        try {
            await record.save();
        } catch (error) {
            if (hadChanges) {
                await record.update({ [name]: previous });
            } else {
                await record.load();
            }
            throw error;
        }
    }
}

registry.category("fields").add("sdp_statusbar", {
    ...statusBarField,
    component: SdpStatusBarField,
});
