"""The Django admin's own wording on the pages the secretariat reaches (the index, each
app's index, the lists with their filters, search, actions and pages, a record's form and
its buttons, the delete confirmations and a record's history), named here with Django's
exact messages so that the catalogues carry them in every language of the mechanism.

Django ships the admin's catalogue for some of our languages only (none for Pashto; Urdu
in part), and the catalogues under locale/ come before it: a message named here is shown
as our catalogue renders it, in the glossary's terms. Nothing imports this module; it is
read only when the catalogues are made.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

ADMIN_MESSAGES = (
    # Every page: the header, the sidebar and the breadcrumbs (base.html, nav_sidebar.html, color_theme_toggle.html).
    gettext_noop("Home"),
    gettext_noop("Breadcrumbs"),
    gettext_noop("Skip to main content"),
    gettext_noop("Welcome,"),
    gettext_noop("View site"),
    gettext_noop("Documentation"),
    gettext_noop("Log out"),
    gettext_noop("Toggle theme (current theme: auto)"),
    gettext_noop("Toggle theme (current theme: light)"),
    gettext_noop("Toggle theme (current theme: dark)"),
    gettext_noop("Toggle navigation"),
    gettext_noop("Sidebar"),
    gettext_noop("Start typing to filter…"),
    gettext_noop("Filter navigation items"),
    # The index and each app's index (index.html, app_list.html, sites.py).
    gettext_noop("Administration"),
    gettext_noop("Change"),
    gettext_noop("Site administration"),
    gettext_noop("%(app)s administration"),
    gettext_noop("Models in the %(name)s application"),
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("Add"),
    gettext_noop("View"),
    gettext_noop("You don’t have permission to view or edit anything."),
    gettext_noop("Recent actions"),
    gettext_noop("My actions"),
    gettext_noop("None available"),
    gettext_noop("Added:"),
    gettext_noop("Changed:"),
    gettext_noop("Deleted:"),
    gettext_noop("Unknown content"),
    # The list of records: title, filters, search, actions, sorting and pagination.
    gettext_noop("Delete selected %(verbose_name_plural)s"),
    gettext_noop("Successfully deleted %(count)d %(items)s."),
    gettext_noop("Cannot delete %(name)s"),
    gettext_noop("Delete multiple objects"),
    gettext_noop("All"),
    gettext_noop("Yes"),
    gettext_noop("No"),
    gettext_noop("Unknown"),
    gettext_noop("Any date"),
    gettext_noop("Today"),
    gettext_noop("Past 7 days"),
    gettext_noop("This month"),
    gettext_noop("This year"),
    gettext_noop("No date"),
    gettext_noop("Has date"),
    gettext_noop("Empty"),
    gettext_noop("Not empty"),
    gettext_noop("Run the selected action"),
    gettext_noop("Go"),
    gettext_noop("Click here to select the objects across all pages"),
    gettext_noop("Select all %(total_count)s %(module_name)s"),
    gettext_noop("Clear selection"),
    gettext_noop("Error:"),
    ngettext_lazy("Please correct the error below.", "Please correct the errors below."),
    gettext_noop("Add %(name)s"),
    gettext_noop("Filter"),
    gettext_noop("Hide counts"),
    gettext_noop("Show counts"),
    gettext_noop("Clear all filters"),
    gettext_noop("Remove from sorting"),
    gettext_noop("Sorting priority: %(priority_number)s"),
    gettext_noop("Toggle sorting"),
    gettext_noop(" By %(filter_title)s "),
    gettext_noop("Show all"),
    gettext_noop("Save"),
    gettext_noop("Search"),
    ngettext_lazy("%(counter)s result", "%(counter)s results"),
    gettext_noop("%(full_result_count)s total"),
    gettext_noop("Select all objects on this page for an action"),
    gettext_noop("All dates"),
    gettext_noop("Select %s"),
    gettext_noop("Select %s to change"),
    gettext_noop("Select %s to view"),
    # A record's form, its inlines, widgets and buttons, and the messages after saving.
    gettext_noop("Action:"),
    gettext_noop("Add another %(verbose_name)s"),
    gettext_noop("Remove"),
    gettext_noop("and"),
    gettext_noop("None"),
    gettext_noop("Hold down “Control”, or “Command” on a Mac, to select more than one."),
    gettext_noop("Select this object for an action - {}"),
    gettext_noop("The {name} “{obj}” was added successfully."),
    gettext_noop("You may edit it again below."),
    gettext_noop("The {name} “{obj}” was added successfully. You may add another {name} below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may edit it again below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may add another {name} below."),
    gettext_noop("The {name} “{obj}” was changed successfully."),
    gettext_noop(
        "Items must be selected in order to perform actions on them. No items have been changed."
    ),
    gettext_noop("No action selected."),
    gettext_noop("The %(name)s “%(obj)s” was deleted successfully."),
    gettext_noop("%(name)s with ID “%(key)s” doesn’t exist. Perhaps it was deleted?"),
    gettext_noop("Add %s"),
    gettext_noop("Change %s"),
    gettext_noop("View %s"),
    gettext_noop("Database error"),
    ngettext_lazy(
        "%(count)s %(name)s was changed successfully.",
        "%(count)s %(name)s were changed successfully.",
    ),
    ngettext_lazy("%(total_count)s selected", "All %(total_count)s selected"),
    gettext_noop("0 of %(cnt)s selected"),
    gettext_noop("Delete"),
    gettext_noop("Change history: %s"),
    gettext_noop("%(class_name)s %(instance)s"),
    gettext_noop(
        "Deleting %(class_name)s %(instance)s would require deleting the following protected related objects: %(related_objects)s"
    ),
    gettext_noop("History"),
    gettext_noop("View on site"),
    gettext_noop("Delete?"),
    gettext_noop("Save as new"),
    gettext_noop("Save and add another"),
    gettext_noop("Save and continue editing"),
    gettext_noop("Save and view"),
    gettext_noop("Close"),
    gettext_noop("Change selected %(model)s"),
    gettext_noop("Add another %(model)s"),
    gettext_noop("Delete selected %(model)s"),
    gettext_noop("View selected %(model)s"),
    gettext_noop("Date:"),
    gettext_noop("Time:"),
    gettext_noop("Lookup"),
    gettext_noop("Currently:"),
    gettext_noop("Change:"),
    # The delete confirmations.
    gettext_noop(
        "Deleting the %(object_name)s '%(escaped_object)s' would result in deleting related objects, but your account doesn't have permission to delete the following types of objects:"
    ),
    gettext_noop(
        "Deleting the %(object_name)s '%(escaped_object)s' would require deleting the following protected related objects:"
    ),
    gettext_noop(
        'Are you sure you want to delete the %(object_name)s "%(escaped_object)s"? All of the following related items will be deleted:'
    ),
    gettext_noop("Objects"),
    gettext_noop("Yes, I’m sure"),
    gettext_noop("No, take me back"),
    gettext_noop(
        "Deleting the selected %(objects_name)s would result in deleting related objects, but your account doesn't have permission to delete the following types of objects:"
    ),
    gettext_noop(
        "Deleting the selected %(objects_name)s would require deleting the following protected related objects:"
    ),
    gettext_noop(
        "Are you sure you want to delete the selected %(objects_name)s? All of the following objects and their related items will be deleted:"
    ),
    gettext_noop("Summary"),
    # A record's history and the log's own wording of a change.
    gettext_noop("Addition"),
    gettext_noop("Deletion"),
    gettext_noop("Added “%(object)s”."),
    gettext_noop("Changed “%(object)s” — %(changes)s"),
    gettext_noop("Deleted “%(object)s.”"),
    gettext_noop("Added {name} “{object}”."),
    gettext_noop("Added."),
    gettext_noop("Changed {fields} for {name} “{object}”."),
    gettext_noop("Changed {fields}."),
    gettext_noop("Deleted {name} “{object}”."),
    gettext_noop("No fields changed."),
    gettext_noop("Date/time"),
    gettext_noop("User"),
    gettext_noop("Action"),
    ngettext_lazy("entry", "entries"),
    gettext_noop(
        "This object doesn’t have a change history. It probably wasn’t added via this admin site."
    ),
)


# Django's auth: the user's change form in the admin (its sections, fields, help texts
# and the password summary of the argon2 hasher). Django has no Pashto catalogue.
AUTH_MESSAGES = (
    gettext_noop("Reset password"),
    gettext_noop("Personal info"),
    gettext_noop("Important dates"),
    gettext_noop("Permissions"),
    gettext_noop("staff status"),
    gettext_noop("superuser status"),
    gettext_noop("user permissions"),
    gettext_noop("groups"),
    gettext_noop("last login"),
    gettext_noop("Password-based authentication"),
    gettext_noop("Enabled"),
    gettext_noop("Disabled"),
    gettext_noop("Raw passwords are not stored, so there is no way to see the user’s password."),
    gettext_noop("Enter the same password as before, for verification."),
    gettext_noop("Designates whether the user can log into this admin site."),
    gettext_noop(
        "Designates that this user has all permissions without explicitly assigning them."
    ),
    gettext_noop(
        "The groups this user belongs to. A user will get all permissions granted to each of their groups."
    ),
    gettext_noop("Specific permissions for this user."),
    gettext_noop(
        "Whether the user will be able to authenticate using a password or not. If disabled, they may still be able to authenticate using other backends, such as Single Sign-On or LDAP."
    ),
    gettext_noop("Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only."),
    gettext_noop("Password change"),
    gettext_noop("active"),
    gettext_noop(
        "Designates whether this user should be treated as active. Unselect this instead of deleting accounts."
    ),
    gettext_noop("date joined"),
    gettext_noop("first name"),
    gettext_noop("last name"),
    gettext_noop("email address"),
    gettext_noop("username"),
    gettext_noop("No password set."),
    gettext_noop("Invalid password format or unknown hashing algorithm."),
    gettext_noop("algorithm"),
    gettext_noop("variety"),
    gettext_noop("version"),
    gettext_noop("memory cost"),
    gettext_noop("time cost"),
    gettext_noop("parallelism"),
    gettext_noop("salt"),
    gettext_noop("hash"),
    gettext_noop("iterations"),
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    gettext_noop(
        "Please enter your old password, for security’s sake, and then enter your new password twice so we can verify you typed it in correctly."
    ),
    gettext_noop("Password confirmation"),
    gettext_noop("Old password"),
    gettext_noop("New password"),
    gettext_noop("New password confirmation"),
    gettext_noop("Change my password"),
)
