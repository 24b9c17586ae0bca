"""Documents the policy sends to the person they are about: the commission statement when it is
confirmed (P5.1.1), the appraisal when it is closed (P5.3, P5.4). Shared by the incentive and
appraisal features."""


def send_to_person(records, template_xmlid):
    """Post ``template_xmlid`` on the chatter of each record of ``records`` for the salesperson
    it is about (``user_id``), in that person's language; the template's attachments (the
    printed document) go with it. Posted as the user who acted, who may write the record."""
    template = records.env.ref(template_xmlid)
    for record in records:
        person = record.user_id
        record.with_context(lang=person.lang or record.env.lang).message_post_with_source(
            template,
            subtype_xmlid="mail.mt_comment",
            partner_ids=person.partner_id.ids,
        )
