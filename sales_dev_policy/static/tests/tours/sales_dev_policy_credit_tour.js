/** @odoo-module **/
// Credit (P6.3.1): a salesperson sees the credit summary of their customer and requests a credit
// assessment from the customer's Credit tab (desktop and phone).
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("sales_dev_policy_credit_tour", {
    steps: () => [
        {
            content: "Open the customer's Credit tab",
            trigger: ".o_notebook .nav-link[name='sdp_credit']",
            run: "click",
        },
        {
            content: "The salesperson sees the status of the credit file",
            trigger: ".o_field_widget[name='sdp_credit_state']:contains('Approved')",
        },
        {
            content: "and the available credit",
            trigger: ".o_field_widget[name='sdp_credit_available']:contains('1,000.00')",
        },
        {
            content: "Request a credit assessment",
            trigger: "button[name='action_sdp_request_credit_assessment']",
            run: "click",
        },
        {
            content: "Say why",
            trigger: ".modal .o_field_widget[name='request_note'] textarea",
            run: "edit Tender of 50k next month",
        },
        {
            content: "Send the request",
            trigger: ".modal .modal-footer button:contains('Send Request')",
            run: "click",
        },
        {
            content: "The dialog closes without error",
            trigger: "body:not(:has(.modal))",
        },
    ],
});
