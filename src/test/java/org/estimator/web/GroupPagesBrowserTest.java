package org.estimator.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.estimator.support.Api;
import org.estimator.support.Browser;
import org.estimator.support.BrowserScreenshots;
import org.estimator.support.Names;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Invitations, joining, visibility and the owner's controls of a group, in the browser. */
@QuarkusTest
@Tag("browser")
@ExtendWith(BrowserScreenshots.class)
class GroupPagesBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void aGuestJoinsWithANicknameAndSeesTheMembersView() {
        Api.User owner = Api.register("Gwen");
        String group = Api.createGroup(owner);
        String code = Api.invite(owner, group);
        Browser g = Browser.open(base.toString()).go("/join/" + Links.segment(group) + "?code=" + code);
        assertThat(g.text("#invited-group")).isEqualTo(group);
        g.fill("guest-nickname", "Gabi").submit("form[action$='/guest']");
        g.waitText("#group-name", group);
        assertThat(g.text("#signed-in-as")).contains("Gabi").contains("guest");
        assertThat(g.text("#my-role")).isEqualTo("voter");
        // The members' view: no owner's controls.
        assertThat(g.has("#delete-group") || g.has("#new-invite") || g.has("#settings-title")).isFalse();
        assertThat(g.has("#leave-group")).isTrue();

        // Opening the link again says so instead of joining twice.
        g.go("/join/" + Links.segment(group) + "?code=" + code);
        assertThat(g.text("#already-member")).isEqualTo("You are already a member of this group.");
    }

    @Test
    void aVisitorSignsInOrRegistersFromTheInvitationAndComesBackToJoin() {
        Api.User owner = Api.register("Vera");
        String group = Api.createGroup(owner);
        String link = "/join/" + Links.segment(group) + "?code=" + Api.invite(owner, group);
        Api.User known = Api.register("Kim");

        Browser b = Browser.open(base.toString()).go(link);
        b.click("a[href^='/signin?next=']");
        b.fill("email", known.email()).fill("password", Api.PASSWORD).submit("form[action='/signin']");
        b.waitText("#invited-group", group);
        b.submit("form[action^='/join/']");
        b.waitText("#group-name", group);

        Browser n = Browser.open(base.toString()).go(link);
        n.click("a[href^='/register?next=']");
        n.fill("nickname", "Newt").fill("email", Names.unique("newt") + "@example.test")
                .fill("password", Api.PASSWORD).fill("password2", Api.PASSWORD).submit("form[action='/register']");
        n.waitText("#invited-group", group);
        n.submit("form[action^='/join/']");
        n.waitText("#group-name", group);
        n.waitText("#members", "Kim");
    }

    @Test
    void joiningTwiceIsRefusedWithAMessage() {
        Api.User owner = Api.register("Jo");
        String group = Api.createGroup(owner);
        String code = Api.invite(owner, group);
        Api.User member = Api.register("Jim");
        Browser b = Browser.open(base.toString()).signIn(member).go("/join/" + Links.segment(group) + "?code=" + code);
        Api.join(member, group, code); // joined meanwhile, in another tab
        b.submit("form[action^='/join/']");
        assertThat(b.text("#join-error")).isEqualTo("Already a member of this group");
    }

    @Test
    void unknownGroupsBadCodesAndOutsidersGetClearPages() {
        Api.User owner = Api.register("Una");
        String group = Api.createGroup(owner);
        Api.User outsider = Api.register("Otto");
        Browser b = Browser.open(base.toString()).signIn(outsider);

        b.go("/group/" + Links.segment(Names.unique("missing")));
        assertThat(b.text("#error-message")).isEqualTo("Group not found");
        b.go("/join/" + Links.segment(Names.unique("missing")) + "?code=whatever");
        assertThat(b.text("#error-message")).isEqualTo("Group not found");
        b.go("/join/" + Links.segment(group) + "?code=wrong");
        assertThat(b.text("#error-message")).isEqualTo("The invitation code is not valid");
        b.go("/group/" + Links.segment(group));
        assertThat(b.text("#error-message")).isEqualTo("You are not a member of this group");
        long issue = Api.addIssue(owner, group, "EST-X");
        b.go("/group/" + Links.segment(group) + "/issues/" + issue);
        assertThat(b.text("#error-message")).isEqualTo("You are not a member of this group");
        assertThat(b.text("body")).doesNotContain("EST-X");

        // A revoked link stops working.
        Browser o = Browser.open(base.toString()).signIn(owner).go("/group/" + Links.segment(group));
        o.chooseValue("invite-expiry", "24");
        o.click("#new-invite");
        o.until(d -> !o.attribute("#invite-url", "value").isEmpty());
        String link = o.attribute("#invite-url", "value");
        o.waitText("#invitations", "Revoke");
        assertThat(o.text("#invitations")).doesNotContain("expires never"); // valid for one day
        o.click("#invitations button");
        o.confirm();
        o.waitText("#no-invitations", "No active invite link");
        b.driver.get(link);
        assertThat(b.text("#error-message")).isEqualTo("The invitation code is not valid");
    }

    @Test
    void theOwnerImportsACsvAndAFaultyRowIsNamed() throws IOException {
        Api.User owner = Api.register("Ines");
        String group = Api.createGroup(owner);
        Browser o = Browser.open(base.toString()).signIn(owner).go("/group/" + Links.segment(group)).live();

        Path bad = Files.createTempFile("issues", ".csv");
        Files.writeString(bad, "storyRef,description\nEST-1,Fine\n,No reference\n");
        o.id("import-file").sendKeys(bad.toString());
        o.click("form[data-type='text/csv'] button[type=submit]");
        o.waitText("form[data-type='text/csv'] .form-error", "Row 3: storyRef");
        assertThat(o.has("#issues")).isFalse(); // all or nothing

        Path good = Files.createTempFile("issues", ".csv");
        Files.writeString(good, "storyRef,description\nEST-1,\"First, with a comma\"\nEST-2,Second\n");
        o.id("import-file").sendKeys(good.toString());
        o.click("form[data-type='text/csv'] button[type=submit]");
        o.waitText("#issues", "EST-2");
        assertThat(o.text("#issues")).contains("First, with a comma");
        o.waitText("#import-form .form-status", "2 added; 0 already in the group; 0 left out for their estimate");

        // A Jira export, told from its header, linked to its site; the issue with story points is left out.
        Path jira = Files.createTempFile("jira", ".csv");
        Files.writeString(jira, org.estimator.support.TestFiles.text("import/jira-cloud.csv"));
        o.id("import-file").sendKeys(jira.toString());
        o.fill("import-site", "https://example.atlassian.net");
        o.click("#import-skip-estimated");
        o.click("#import-form button[type=submit]");
        o.waitText("#import-form .form-status", "2 added; 0 already in the group; 1 left out for their estimate");
        o.waitText("#issues", "SHOP-103");
        assertThat(o.text("#issues")).doesNotContain("SHOP-102");
        o.click("#issues a[href$='/issues/" + o.attribute("#issues li:nth-child(3)", "data-issue") + "']");
        o.waitText("#story-ref", "SHOP-101");
        assertThat(o.attribute("#issue-link", "href")).isEqualTo("https://example.atlassian.net/browse/SHOP-101");
        assertThat(o.text("#issue-description")).contains("Acceptance:");
        o.driver.navigate().back();
        o.live();

        // The export holds what was imported.
        assertThat(o.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch(document.querySelector('a[href$=\"format=csv\"]').href).then(r => r.text()).then(done);"))
                .asString().startsWith("storyRef,description,state,finalEstimate").contains("EST-2");
    }

    @Test
    void theOwnerChangesTheDeckAndMembersSeeTheNewCards() {
        Round r = Round.of("Dora", "Dan", "EST-D");
        Browser m = Browser.open(base.toString()).signIn(r.member()).go(r.path()).live();
        assertThat(m.has("#estimate-value")).isTrue(); // the original's 1..100

        Browser o = Browser.open(base.toString()).signIn(r.owner()).go(r.groupPath());
        o.chooseValue("deck", "TSHIRT");
        o.click("#settings-title + form button[type=submit]");
        o.until(d -> "TSHIRT".equals(o.script("return document.getElementById('deck')?.value")));

        m.until(d -> m.has("button.playing-card[value='XL']"));
        assertThat(m.has("#estimate-value")).isFalse();

        // A custom deck: its field opens only for the custom choice.
        o.until(d -> Boolean.TRUE.equals(o.script("return document.getElementById('custom-cards')?.disabled")));
        o.chooseValue("deck", "CUSTOM");
        o.fill("custom-cards", "tiny, huge");
        o.click("#settings-title + form button[type=submit]");
        m.until(d -> m.has("button.playing-card[value='huge']"));
        o.until(d -> "tiny, huge".equals(o.script("return document.getElementById('custom-cards')?.value")));
        o.fill("custom-cards", "only-one");
        o.click("#settings-title + form button[type=submit]");
        o.waitText("#settings-title + form .form-error", "a CUSTOM deck needs 2 to");
    }

    @Test
    void theOwnerRemovesAMemberHandsOverAndDeletesTheGroup() {
        Api.User owner = Api.register("Rob");
        String group = Api.createGroup(owner);
        Api.User member = Api.member(owner, group, "Rick");
        Api.User heir = Api.member(owner, group, "Hana");
        String page = "/group/" + Links.segment(group);
        Browser m = Browser.open(base.toString()).signIn(member).go(page).live();
        Browser o = Browser.open(base.toString()).signIn(owner).go(page).live();

        o.click("#members li:nth-child(2) form[data-api^='DELETE'] button");
        o.confirm();
        // The removed member's open page learns it at once and says why.
        m.waitText("#error-message", "You are not a member of this group");
        o.until(d -> !o.text("#members").contains("Rick"));

        o.chooseText("new-owner", "Hana");
        o.click("form[data-api$='/owner'] button[type=submit]");
        o.confirm();
        o.waitText("#my-role", "voter");
        assertThat(o.has("#delete-group")).isFalse();

        Browser h = Browser.open(base.toString()).signIn(heir).go(page);
        assertThat(h.text("#my-role")).isEqualTo("owner");
        h.click("#delete-group");
        h.confirm();
        h.waitText("h1", "Your groups");
        heir.req().get(Api.group(group)).then().statusCode(404);
    }

    @Test
    void theOwnerReordersEditsAndMakesAMemberAnObserver() {
        Round r = Round.of("Ola", "Obi", "EST-1");
        long second = Api.addIssue(r.owner(), r.group(), "EST-2");
        Browser o = Browser.open(base.toString()).signIn(r.owner()).go(r.groupPath()).live();
        Browser m = Browser.open(base.toString()).signIn(r.member()).go(r.path()).live();

        String up = "[data-issue='" + second + "'] button[aria-label='Move EST-2 up']";
        o.click(up);
        o.until(d -> o.text("#issues li:first-child .story").equals("EST-2"));
        assertThat(o.has(up)).isFalse(); // first now: nowhere further up
        // Deleting from the list asks first, naming the issue.
        o.click("[data-issue='" + r.issue() + "'] button[aria-label='Delete EST-1']");
        assertThat(o.alertText()).isEqualTo("Delete the issue EST-1? Its estimates are deleted too.");
        o.dismiss();
        assertThat(o.text("#issues")).contains("EST-1");

        long observerId = Api.userId(r.member());
        o.click("#observe-" + observerId);
        o.waitText("#members", "observer");
        m.waitText("#observer", "You observe this group and do not estimate");
        o.click("#vote-" + observerId);
        m.until(d -> m.has("button.playing-card, #estimate-value"));

        o.go(r.path()).live();
        o.click("details.card summary");
        o.fill("edit-story-ref", "EST-1b");
        o.fill("edit-description", "A clearer description");
        o.click("#save-issue");
        m.waitText("#story-ref", "EST-1b"); // everyone's page shows the edit
        m.waitText("#issue-description", "A clearer description");

        // EST-2 was moved first: from EST-1b the previous issue is EST-2, and there is no next one.
        assertThat(m.has("#next-issue")).isFalse();
        m.click("#previous-issue");
        m.waitText("#story-ref", "EST-2");
        assertThat(m.has("#previous-issue")).isFalse();
    }
}
