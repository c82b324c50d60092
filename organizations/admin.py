"""The admin for organizations' sign-in: site staff configure each organization's identity
provider (allauth's "social application"), and see nobody's connection to one.

A connection (allauth's social account) carries what the provider said about a person (name,
work address, employee id); staff need none of it to configure a provider or to support a user,
and we keep no provider tokens at all. A person sees and removes their own connections on
/accounts/3rdparty/.
"""

from allauth.socialaccount.models import SocialAccount, SocialToken
from django.contrib import admin

for model in (SocialAccount, SocialToken):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
