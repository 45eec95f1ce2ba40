"""The programme's filter form: GET parameters in, a Filters value out."""

from django import forms
from django.utils.translation import gettext_lazy as _

from website.selectors.event import FilterChoices, Filters


class ProgrammeFilterForm(forms.Form):
    """Topic, kind, room and language filters; an unknown value is reported and ignored,
    never a 500."""

    topic = forms.ChoiceField(label=_("Topic"), required=False)
    kind = forms.ChoiceField(label=_("Session type"), required=False)
    room = forms.ChoiceField(label=_("Room"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)

    def __init__(self, data, *, choices: FilterChoices):
        super().__init__(data)
        self.fields["topic"].choices = [("", _("All topics")), *choices.topics]
        self.fields["kind"].choices = [("", _("All types")), *choices.kinds]
        self.fields["room"].choices = [("", _("All rooms")), *choices.rooms]
        self.fields["language"].choices = [("", _("All languages")), *choices.languages]
        if not choices.rooms:
            del self.fields["room"]
        if len(choices.languages) < 2:  # one language: nothing to choose
            del self.fields["language"]

    def filters(self) -> Filters:
        """The valid filters; invalid fields count as unset."""
        self.is_valid()
        values = {name: self.cleaned_data.get(name) or "" for name in self.fields}
        return Filters(**values)
